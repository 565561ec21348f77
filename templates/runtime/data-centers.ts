/**
 * Zoho's data centers — the one table of hosts used by the runtime and the CLI.
 *
 * Source: Zoho CRM v8 "Multi DC Support" (zoho.com/crm/developer/docs/api/v8/multi-dc.html) and Zoho Accounts
 * "Multi DC support" (zoho.com/accounts/protocol/oauth/multi-dc.html): accounts hosts per DC, Canada on
 * accounts.zohocloud.ca; API hosts https://www.zohoapis.<tld> (Canada: www.zohoapis.ca).
 *
 * Bulk-write files upload to Zoho's file host, not the API host. Zoho CRM v8 "Upload File"
 * (zoho.com/crm/developer/docs/api/v8/bulk-write/upload-file.html): `POST https://upload.zoho.com/crm/v8/upload`
 * is the common upload endpoint for every DC; faster dedicated hosts exist for US (upload-accl.zoho.com),
 * EU (upload-accl.zoho.eu) and IN (upload-accl.zoho.in). Older pages named content.zohoapis.<tld>; the v8
 * page replaced it, so it is no longer used here.
 */

export type DataCenter = 'us' | 'eu' | 'in' | 'au' | 'jp' | 'ca' | 'cn' | 'sa';

export interface DataCenterHosts {
  readonly apiDomain: string;
  readonly accountsUrl: string;
  /** Where bulk-write files are uploaded (`POST <uploadDomain>/crm/v8/upload`): Zoho's common upload host. */
  readonly uploadDomain: string;
  /** Zoho's faster dedicated upload host, where the DC has one (us, eu, in); `contentDomain: 'accelerated'`. */
  readonly acceleratedUploadDomain?: string;
}

/** Zoho's common bulk-write upload host, the same for every data center (v8 "Upload File"). */
const COMMON_UPLOAD = 'https://upload.zoho.com';

export const DATA_CENTERS: Readonly<Record<DataCenter, DataCenterHosts>> = {
  us: {
    apiDomain: 'https://www.zohoapis.com',
    accountsUrl: 'https://accounts.zoho.com',
    uploadDomain: COMMON_UPLOAD,
    acceleratedUploadDomain: 'https://upload-accl.zoho.com',
  },
  eu: {
    apiDomain: 'https://www.zohoapis.eu',
    accountsUrl: 'https://accounts.zoho.eu',
    uploadDomain: COMMON_UPLOAD,
    acceleratedUploadDomain: 'https://upload-accl.zoho.eu',
  },
  in: {
    apiDomain: 'https://www.zohoapis.in',
    accountsUrl: 'https://accounts.zoho.in',
    uploadDomain: COMMON_UPLOAD,
    acceleratedUploadDomain: 'https://upload-accl.zoho.in',
  },
  au: {
    apiDomain: 'https://www.zohoapis.com.au',
    accountsUrl: 'https://accounts.zoho.com.au',
    uploadDomain: COMMON_UPLOAD,
  },
  jp: {
    apiDomain: 'https://www.zohoapis.jp',
    accountsUrl: 'https://accounts.zoho.jp',
    uploadDomain: COMMON_UPLOAD,
  },
  ca: {
    apiDomain: 'https://www.zohoapis.ca',
    accountsUrl: 'https://accounts.zohocloud.ca',
    uploadDomain: COMMON_UPLOAD,
  },
  cn: {
    apiDomain: 'https://www.zohoapis.com.cn',
    accountsUrl: 'https://accounts.zoho.com.cn',
    uploadDomain: COMMON_UPLOAD,
  },
  sa: {
    apiDomain: 'https://www.zohoapis.sa',
    accountsUrl: 'https://accounts.zoho.sa',
    uploadDomain: COMMON_UPLOAD,
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
 * The origin bulk-write files go to. `contentDomain` (ClientOptions) wins: a URL, or 'accelerated' for the
 * DC's faster host. Without it, a stand-in for Zoho given as `apiDomain` (the emulator, a proxy) takes the
 * uploads too, and otherwise — Zoho's own API hosts included — it is Zoho's common upload host.
 */
export function uploadOrigin(
  dc: DataCenter,
  contentDomain: string | undefined,
  explicitApiOrigin: string | undefined,
): string {
  const hosts = DATA_CENTERS[dc];
  if (contentDomain === 'accelerated') {
    if (hosts.acceleratedUploadDomain !== undefined) return hosts.acceleratedUploadDomain;
    const have = DATA_CENTER_IDS.filter((id) => DATA_CENTERS[id].acceleratedUploadDomain);
    throw new TypeError(
      `ZohoCore: option \`contentDomain: 'accelerated'\`: Zoho has a faster upload host only for ${have.join(', ')}, not for dataCenter '${dc}'; leave contentDomain unset to upload to ${hosts.uploadDomain}`,
    );
  }
  if (contentDomain !== undefined) return normalizeOrigin(contentDomain, 'contentDomain');
  if (explicitApiOrigin !== undefined && !isZohoApiDomain(explicitApiOrigin))
    return explicitApiOrigin;
  return hosts.uploadDomain;
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
