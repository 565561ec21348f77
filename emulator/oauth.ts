/**
 * The accounts server: POST /oauth/v2/token (authorization_code, refresh_token, client_credentials)
 * and POST /oauth/v2/token/revoke. Zoho answers token errors with HTTP 200 and `{"error": …}`
 * (Zoho Accounts OAuth docs), so a client must read the body, not the status. Limits (Zoho
 * "OAuth — Limits"): at most 10 access tokens per refresh token in 10 minutes, at most 15 live.
 */
import { randomBytes } from 'node:crypto';
import type { ApiResponse } from './types.ts';
import { DEFAULT_SCOPES, parseScopeList } from './scopes.ts';

export interface OAuthOptions {
  clientId: string;
  clientSecret: string;
  refreshToken: string;
  accessTokenTtlSeconds: number;
  scopes: readonly string[];
  mintPerTenMinutes: number;
  apiDomain: () => string;
}

interface Grant {
  scopes: readonly string[];
  clientId: string;
  revoked: boolean;
  mints: number[];
  live: string[];
}

interface AccessToken {
  scopes: readonly string[];
  expiresAt: number;
  grant: Grant;
}

const TEN_MINUTES = 10 * 60 * 1000;
const MAX_LIVE = 15;
const GRANT_CODE_TTL_MS = 3 * 60 * 1000; // self-client grant codes last 3–10 minutes; the shortest choice

function token(): string {
  return `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
}

const ok = (body: unknown): ApiResponse => ({ status: 200, json: body });
const oauthError = (error: string, extra: Record<string, unknown> = {}): ApiResponse => ({
  status: 200,
  json: { error, ...extra },
});

export class OAuthServer {
  private readonly grants = new Map<string, Grant>();
  private readonly access = new Map<string, AccessToken>();
  private readonly codes = new Map<string, { scopes: readonly string[]; expiresAt: number }>();
  private readonly clientGrants = new Map<string, Grant>();
  minted = 0;

  constructor(private readonly o: OAuthOptions) {
    this.grants.set(o.refreshToken, {
      scopes: o.scopes,
      clientId: o.clientId,
      revoked: false,
      mints: [],
      live: [],
    });
  }

  issueGrantCode(scopes: readonly string[] = DEFAULT_SCOPES): string {
    const code = `1000.${randomBytes(16).toString('hex')}.${randomBytes(16).toString('hex')}`;
    this.codes.set(code, { scopes, expiresAt: Date.now() + GRANT_CODE_TTL_MS });
    return code;
  }

  /** Fault `expire-tokens`: every access token issued so far is now expired. */
  expireAll(): void {
    for (const t of this.access.values()) t.expiresAt = 0;
  }

  private mint(grant: Grant, withRefresh: string | null): ApiResponse {
    const now = Date.now();
    grant.mints = grant.mints.filter((t) => now - t < TEN_MINUTES);
    if (grant.mints.length >= this.o.mintPerTenMinutes) {
      return oauthError('Access Denied', {
        error_description:
          'You have made too many requests continuously. Please try again after some time.',
      });
    }
    grant.mints.push(now);
    const t = token();
    this.access.set(t, {
      scopes: grant.scopes,
      expiresAt: now + this.o.accessTokenTtlSeconds * 1000,
      grant,
    });
    grant.live.push(t);
    while (grant.live.length > MAX_LIVE) {
      const oldest = grant.live.shift();
      if (oldest !== undefined) this.access.delete(oldest);
    }
    this.minted += 1;
    const body: Record<string, unknown> = { access_token: t };
    if (withRefresh !== null) body['refresh_token'] = withRefresh;
    Object.assign(body, {
      scope: grant.scopes.join(' '),
      api_domain: this.o.apiDomain(),
      token_type: 'Bearer',
      expires_in: this.o.accessTokenTtlSeconds,
    });
    return ok(body);
  }

  private clientError(p: URLSearchParams): ApiResponse | null {
    if (p.get('client_id') !== this.o.clientId) return oauthError('invalid_client');
    if (p.get('client_secret') !== this.o.clientSecret) return oauthError('invalid_client_secret');
    return null;
  }

  handleToken(p: URLSearchParams): ApiResponse {
    const grantType = p.get('grant_type');
    if (
      grantType !== 'refresh_token' &&
      grantType !== 'authorization_code' &&
      grantType !== 'client_credentials'
    ) {
      return oauthError('unsupported_grant_type');
    }
    const bad = this.clientError(p);
    if (bad) return bad;
    if (grantType === 'refresh_token') {
      const g = this.grants.get(p.get('refresh_token') ?? '');
      if (!g || g.revoked) return oauthError('invalid_code');
      return this.mint(g, null);
    }
    if (grantType === 'authorization_code') {
      const code = p.get('code') ?? '';
      const c = this.codes.get(code);
      this.codes.delete(code); // single use, even when expired
      if (!c || c.expiresAt < Date.now()) return oauthError('invalid_code');
      const refresh = token();
      const g: Grant = {
        scopes: c.scopes,
        clientId: this.o.clientId,
        revoked: false,
        mints: [],
        live: [],
      };
      this.grants.set(refresh, g);
      return this.mint(g, refresh);
    }
    const scope = p.get('scope');
    if (!scope) return oauthError('invalid_scope');
    const scopes = parseScopeList(scope);
    const key = `${scopes.slice().sort().join(' ')}|${p.get('soid') ?? ''}`;
    let g = this.clientGrants.get(key);
    if (!g) {
      g = { scopes, clientId: this.o.clientId, revoked: false, mints: [], live: [] };
      this.clientGrants.set(key, g);
    }
    return this.mint(g, null);
  }

  handleRevoke(p: URLSearchParams): ApiResponse {
    const t = p.get('token') ?? '';
    const g = this.grants.get(t);
    if (g) {
      g.revoked = true;
      for (const a of g.live) this.access.delete(a);
      g.live = [];
      return ok({ status: 'success' });
    }
    const a = this.access.get(t);
    if (a) {
      this.access.delete(t);
      a.grant.live = a.grant.live.filter((x) => x !== t);
      return ok({ status: 'success' });
    }
    return oauthError('invalid_code');
  }

  /** Check an API call's `Authorization: Zoho-oauthtoken <token>` header. */
  authenticate(
    header: string | undefined,
  ): { ok: true; scopes: readonly string[] } | { ok: false; missing: boolean } {
    if (!header) return { ok: false, missing: true };
    const m = /^Zoho-oauthtoken\s+(\S+)$/i.exec(header.trim());
    if (!m || m[1] === undefined) return { ok: false, missing: false };
    const t = this.access.get(m[1]);
    if (!t || t.grant.revoked || t.expiresAt <= Date.now()) return { ok: false, missing: false };
    return { ok: true, scopes: t.scopes };
  }
}
