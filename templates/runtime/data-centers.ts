/**
 * Zoho's data centers — the one table of hosts used by the runtime and the CLI.
 *
 * Source: Zoho CRM v8 "Multi DC Support" (zoho.com/crm/developer/docs/api/v8/multi-dc.html) and Zoho Accounts
 * "Multi DC support" (zoho.com/accounts/protocol/oauth/multi-dc.html): accounts hosts per DC, Canada on
 * accounts.zohocloud.ca; API hosts https://www.zohoapis.<tld> (Canada: www.zohoapis.ca).
 * contentDomain is the host bulk-write files are uploaded to (`POST <contentDomain>/crm/v8/upload`);
 * DESIGN.md names content.zohoapis.<tld>. Zoho's newer upload-file page names upload.zoho.com as a common
 * upload host for every DC — if content.* is ever refused, pass `contentDomain` explicitly.
 */

export type DataCenter = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'cn' | 'sa';

export interface DataCenterHosts {
  readonly apiDomain: string;
  readonly accountsUrl: string;
  readonly contentDomain: string;
}

export const DATA_CENTERS: Readonly<Record<DataCenter, DataCenterHosts>> = {
  us: {
    apiDomain: 'https://www.zohoapis.com',
    accountsUrl: 'https://accounts.zoho.com',
    contentDomain: 'https://content.zohoapis.com',
  },
  eu: {
    apiDomain: 'https://www.zohoapis.eu',
    accountsUrl: 'https://accounts.zoho.eu',
    contentDomain: 'https://content.zohoapis.eu',
  },
  in: {
    apiDomain: 'https://www.zohoapis.in',
    accountsUrl: 'https://accounts.zoho.in',
    contentDomain: 'https://content.zohoapis.in',
  },
  au: {
    apiDomain: 'https://www.zohoapis.com.au',
    accountsUrl: 'https://accounts.zoho.com.au',
    contentDomain: 'https://content.zohoapis.com.au',
  },
  jp: {
    apiDomain: 'https://www.zohoapis.jp',
    accountsUrl: 'https://accounts.zoho.jp',
    contentDomain: 'https://content.zohoapis.jp',
  },
  ca: {
    apiDomain: 'https://www.zohoapis.ca',
    accountsUrl: 'https://accounts.zohocloud.ca',
    contentDomain: 'https://content.zohoapis.ca',
  },
  cn: {
    apiDomain: 'https://www.zohoapis.com.cn',
    accountsUrl: 'https://accounts.zoho.com.cn',
    contentDomain: 'https://content.zohoapis.com.cn',
  },
  sa: {
    apiDomain: 'https://www.zohoapis.sa',
    accountsUrl: 'https://accounts.zoho.sa',
    contentDomain: 'https://content.zohoapis.sa',
  },
};

export const DATA_CENTER_IDS = Object.keys(DATA_CENTERS) as readonly DataCenter[];

export function isDataCenter(value: unknown): value is DataCenter {
  return typeof value === 'string' && Object.hasOwn(DATA_CENTERS, value);
}

const KNOWN_API_ORIGINS: ReadonlySet<string> = new Set(
  DATA_CENTER_IDS.map((dc) => DATA_CENTERS[dc].apiDomain),
);

/** True when `url` is exactly the API host of a known data center (what a token's api_domain must be). */
export function isZohoApiDomain(url: string): boolean {
  try {
    const u = new URL(url);
    return (
      u.protocol === 'https:' &&
      u.port === '' &&
      KNOWN_API_ORIGINS.has(u.origin) &&
      (u.pathname === '/' || u.pathname === '')
    );
  } catch {
    return false;
  }
}

/**
 * A loopback host as `URL.hostname` gives it (IPv6 in brackets: "[::1]"), the one rule for every place that
 * lets plain http or an unknown host through because it cannot leave the machine (the emulator, a local proxy).
 */
export function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]' || hostname === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Validates a host override (apiDomain, accountsUrl, contentDomain) and returns its origin.
 * https anywhere; plain http only to loopback (the emulator, a local proxy) so tokens never cross a network
 * in clear text.
 */
export function normalizeOrigin(value: string, optionName: string): string {
  let u: URL;
  try {
    u = new URL(value);
  } catch {
    throw new TypeError(
      `ZohoCore: option \`${optionName}\` is not a URL: ${JSON.stringify(value)}`,
    );
  }
  if (u.protocol === 'https:') return u.origin;
  if (u.protocol === 'http:' && isLoopbackHost(u.hostname)) return u.origin;
  if (u.protocol === 'http:') {
    throw new TypeError(
      `ZohoCore: option \`${optionName}\` uses plain http to ${u.hostname}; http is allowed only to loopback (127.0.0.0/8, localhost, [::1]) — use https.`,
    );
  }
  throw new TypeError(
    `ZohoCore: option \`${optionName}\` must be an http(s) URL, got ${u.protocol}`,
  );
}
