/**
 * Doctor's access token, through the runtime's own token source (templates/runtime/auth.ts: its refresh
 * timing, its `expires_in` parsing, its refusal errors) over the token cache pull and check share. Doctor
 * adds one rule: credentials it has not verified within VERIFY_EVERY_MS are verified now — the cached token
 * is passed over and a new one minted with the client id, secret and refresh token of the environment.
 */
import { Agent } from 'undici';
import { createTokenSource } from '../../templates/runtime/auth.ts';
import { tokenStoreKey } from '../../templates/runtime/token-store.ts';
import {
  lastVerification,
  recordVerification,
  verificationDue,
  type Credentials,
} from './doctor-verification.ts';
import { parseScopes } from './doctor-scopes.ts';
import { openTokenCache } from './token-cache.ts';

const TIMEOUT_MS = 20_000;

export interface DoctorToken {
  readonly accessToken: string;
  /** The token answer's api_domain, when it named a Zoho API host (and no apiDomain override is set). */
  readonly apiDomain: string | undefined;
  /** Scopes of the token answer: this run's, or the one recorded when these credentials were verified. */
  readonly scopes: readonly string[] | undefined;
  /** True when this run asked Zoho for a new token. */
  readonly minted: boolean;
  /** Epoch ms; undefined when the token did not come through the cache (never, in practice). */
  readonly expiresAt: number | undefined;
  /** When these exact credentials were last accepted by Zoho (epoch ms). */
  readonly verifiedAt: number;
}

export interface DoctorTokens {
  /** A usable token; mints when the credentials are due for verification or the cache has none fresh. */
  obtain(): Promise<DoctorToken>;
  /** The API refused `token` (revoked, or pushed out by the 15-live-tokens limit): a new one. */
  replace(token: string): Promise<DoctorToken>;
  close(): Promise<void>;
}

export async function openDoctorTokens(
  cwd: string,
  accountsUrl: string,
  creds: Credentials,
  explicitApiDomain: boolean,
): Promise<DoctorTokens> {
  const store = await openTokenCache(cwd);
  const dispatcher = new Agent();
  let minted = false;
  const source = createTokenSource(
    {
      clientId: creds.clientId,
      clientSecret: creds.clientSecret,
      refreshToken: creds.refreshToken,
    },
    {
      accountsUrl,
      dispatcher,
      tokenStore: store,
      timeoutMs: TIMEOUT_MS,
      explicitApiDomain,
      hooks: { onRefresh: (e) => void (minted ||= e.ok) },
    },
  );
  const key = tokenStoreKey(creds.clientId, creds.refreshToken);

  const take = async (): Promise<DoctorToken> => {
    minted = false;
    const last = await lastVerification(cwd, creds);
    const accessToken = await source.getToken();
    let verification = last;
    if (minted) {
      verification = {
        at: Date.now(),
        ...(source.scope === undefined ? {} : { scope: source.scope }),
      };
      await recordVerification(cwd, creds, verification);
    }
    const stored = await store.get(key).catch(() => undefined);
    return {
      accessToken,
      apiDomain: source.apiDomain,
      scopes: verification?.scope === undefined ? undefined : parseScopes(verification.scope),
      minted,
      expiresAt: stored?.accessToken === accessToken ? stored.expiresAt : undefined,
      verifiedAt: verification?.at ?? Date.now(),
    };
  };

  return {
    async obtain() {
      if (verificationDue(await lastVerification(cwd, creds), Date.now())) {
        // Pass over the cached token, so the credentials themselves are tried.
        const cached = await store.get(key).catch(() => undefined);
        if (cached !== undefined) source.invalidate(cached.accessToken);
      }
      return take();
    },
    async replace(token) {
      source.invalidate(token);
      return take();
    },
    close: () => dispatcher.close(),
  };
}
