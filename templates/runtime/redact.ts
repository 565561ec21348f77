/**
 * Secret redaction for everything the runtime prints, throws or hands to hooks.
 *
 * Zoho sends the access token as `Authorization: Zoho-oauthtoken <token>`; the token endpoint takes
 * client_secret / refresh_token / code and answers with access_token / refresh_token. Any of these can end
 * up in an error message, a URL or a logged body, so every such path goes through here.
 */

export const REDACTED = '[REDACTED]';

/** Names whose values are secrets in JSON bodies. */
const SECRET_NAMES = [
  'access_token',
  'refresh_token',
  'client_secret',
  'id_token',
  'password',
] as const;
const SECRET_NAME_SET: ReadonlySet<string> = new Set(SECRET_NAMES);
/**
 * In query strings and form bodies `code` (an OAuth grant code) is secret too. Not in JSON: there `code` is
 * Zoho's error code (INVALID_DATA, …), which errors must keep.
 */
const FORM_SECRET_NAMES = [...SECRET_NAMES, 'code'] as const;
const SECRET_HEADER_SET: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
]);

// "access_token":"…" / 'access_token': '…' in JSON-ish text.
const JSON_PAIR = new RegExp(
  `(["']?(?:${SECRET_NAMES.join('|')})["']?\\s*[:=]\\s*["'])([^"']*)(["'])`,
  'gi',
);
// access_token=… in query strings and form bodies (stops at & # whitespace or a quote).
const FORM_PAIR = new RegExp(
  `(^|[?&\\s,;])((?:${FORM_SECRET_NAMES.join('|')})=)([^&#\\s"',;]*)`,
  'gi',
);
// Authorization header values written out in prose: "Zoho-oauthtoken 1000.abc", "Bearer xyz".
const AUTH_SCHEME = /\b(Zoho-oauthtoken|Bearer)\s+[^\s"',;]+/gi;

/**
 * Exact secret values seen by any client in this process, so they are caught even where no field name
 * precedes them. Process-wide on purpose: redacting one client's secret in another client's output is
 * harmless.
 *
 * Two kinds, kept apart so a long-running process never forgets the ones that matter most:
 * - long-lived credentials (client secrets, refresh tokens, a Redis password, an access token the caller
 *   passed): never evicted. There are as many as the process has configured clients.
 * - minted access tokens: a new one per refresh, each dead within the hour, so only the newest
 *   MAX_MINTED_TOKENS are kept (a week of hourly refreshes would otherwise grow the list without end).
 */
const CREDENTIALS = new Set<string>();
const MINTED_TOKENS = new Set<string>();
const MAX_MINTED_TOKENS = 128;

/** Short values (< 6 chars) are ignored: they would shred text. */
function worthRedacting(v: string | undefined): v is string {
  return v !== undefined && v.length >= 6;
}

/** Adds long-lived credentials that must never be printed; they are kept for the life of the process. */
export function registerSecrets(...values: readonly (string | undefined)[]): void {
  for (const v of values) {
    if (!worthRedacting(v)) continue;
    MINTED_TOKENS.delete(v);
    CREDENTIALS.add(v);
  }
}

/** Adds a minted access token; the oldest minted ones make way (never a credential). */
export function registerMintedToken(token: string | undefined): void {
  if (!worthRedacting(token) || CREDENTIALS.has(token) || MINTED_TOKENS.has(token)) return;
  if (MINTED_TOKENS.size >= MAX_MINTED_TOKENS) {
    const oldest = MINTED_TOKENS.values().next().value;
    if (oldest !== undefined) MINTED_TOKENS.delete(oldest);
  }
  MINTED_TOKENS.add(token);
}

function replaceAll(text: string, secret: string): string {
  return secret.length >= 6 && text.includes(secret) ? text.split(secret).join(REDACTED) : text;
}

/** Redacts known secret shapes in free text, registered secret values, and any exact values given. */
export function redactText(text: string, secrets?: readonly string[]): string {
  let out = text;
  for (const secret of CREDENTIALS) out = replaceAll(out, secret);
  for (const secret of MINTED_TOKENS) out = replaceAll(out, secret);
  if (secrets !== undefined) for (const secret of secrets) out = replaceAll(out, secret);
  if (!/token|secret|code|password|bearer/i.test(out)) return out;
  return out
    .replace(JSON_PAIR, (_m, pre: string, _v: string, post: string) => `${pre}${REDACTED}${post}`)
    .replace(FORM_PAIR, (_m, lead: string, name: string) => `${lead}${name}${REDACTED}`)
    .replace(AUTH_SCHEME, (_m, scheme: string) => `${scheme} ${REDACTED}`);
}

/** A URL with secret query parameters blanked (access_token=…, code=…). */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  return url.slice(0, q) + redactText(url.slice(q));
}

/** A copy of a header map with credentials blanked; names are kept as given. */
export function redactHeaders(
  headers: Readonly<Record<string, string | readonly string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    if (value === undefined) continue;
    const text = typeof value === 'string' ? value : value.join(', ');
    if (SECRET_HEADER_SET.has(name.toLowerCase())) {
      const space = text.indexOf(' ');
      // Keep the scheme ("Zoho-oauthtoken") — it helps debugging and is not secret.
      out[name] = space > 0 ? `${text.slice(0, space)} ${REDACTED}` : REDACTED;
    } else {
      out[name] = redactText(text);
    }
  }
  return out;
}

/** A deep copy of a JSON value with secret-named keys blanked and strings scrubbed. */
export function redactJson(value: unknown, secrets?: readonly string[], depth = 0): unknown {
  if (typeof value === 'string') return redactText(value, secrets);
  if (value === null || typeof value !== 'object' || depth > 20) return value;
  if (Array.isArray(value)) return value.map((v) => redactJson(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] =
      SECRET_NAME_SET.has(k.toLowerCase()) && v !== null && v !== undefined
        ? REDACTED
        : redactJson(v, secrets, depth + 1);
  }
  return out;
}
