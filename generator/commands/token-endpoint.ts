/**
 * The token endpoint as `auth` and doctor's reachability check use it: one form POST to
 * `{accounts}/oauth/v2/token`, its answer read from the body (Zoho refuses with HTTP 200 and
 * `{"error": …}` — Zoho Accounts OAuth docs). Refreshing an access token is not done here: that is the
 * runtime's token source (templates/runtime/auth.ts), used by doctor, pull and check alike.
 */
const TIMEOUT_MS = 20_000;

export interface TokenAnswer {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

/** The token endpoint could not be reached at all (DNS, refused, TLS, timeout). */
export class TokenEndpointUnreachable extends Error {
  override name = 'TokenEndpointUnreachable';
}

/** POSTs a form to `{accountsOrigin}/oauth/v2/token`; resolves with whatever JSON body Zoho answered. */
export async function postTokenForm(
  accountsOrigin: string,
  form: Record<string, string>,
): Promise<TokenAnswer> {
  const url = `${accountsOrigin}/oauth/v2/token`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: new URLSearchParams(form).toString(),
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: unknown } }).cause;
    const why =
      typeof cause?.code === 'string'
        ? cause.code
        : error instanceof Error
          ? error.message
          : String(error);
    throw new TokenEndpointUnreachable(`cannot reach ${accountsOrigin} (${why})`);
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = {
      error: 'invalid_response',
      error_description: `HTTP ${res.status}, not JSON: ${text.slice(0, 120)}`,
    };
  }
  const body =
    typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : {};
  return { status: res.status, body };
}
