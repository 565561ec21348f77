/**
 * The emulator as a dev server: faults armed at start and through the admin endpoint, reseeding and reset,
 * loopback only — and a client built on the runtime waiting out injected 429s, as the README's session shows.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.ts';
import { startDevServer, type DevServer } from '../../emulator/dev-server.ts';
import { ZohoCore } from '../../templates/runtime/index.js';
import { scriptedIO } from '../commands/helpers.ts';
import { MINI_SNAPSHOT } from './helpers.ts';

let dev: DevServer;

async function token(): Promise<string> {
  const c = dev.current().credentials;
  const res = await fetch(`${dev.url}/oauth/v2/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: c.clientId,
      client_secret: c.clientSecret,
      refresh_token: c.refreshToken,
    }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

const leads = (accessToken: string) =>
  fetch(`${dev.url}/crm/v8/Leads?fields=Last_Name`, {
    headers: { authorization: `Zoho-oauthtoken ${accessToken}` },
  });

async function admin(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
) {
  const res = await fetch(`${dev.adminUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  dev = await startDevServer({
    snapshot: MINI_SNAPSHOT,
    records: 2,
    faults: [{ kind: 'status', status: 429, every: 2, retryAfterSeconds: 7 }],
  });
});
afterAll(async () => {
  await dev?.close();
});

describe('emulator dev server', () => {
  it('a fault armed at start: every 2nd API call answers 429 with the Retry-After asked for', async () => {
    const t = await token();
    expect((await leads(t)).status).toBe(200);
    const limited = await leads(t);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect((await admin('GET', 'status')).json).toMatchObject({
      recordsPerModule: 2,
      faults: [{ fault: { kind: 'status', status: 429, every: 2 }, fired: 1 }],
    });
  });

  it('DELETE /__admin/faults disarms; POST arms 503, resets and token expiry', async () => {
    expect((await admin('DELETE', 'faults')).json).toEqual({ faults: [] });
    const t = await token();
    expect((await leads(t)).status).toBe(200);
    expect((await leads(t)).status).toBe(200);

    expect((await admin('POST', 'faults', { kind: 'status', status: 503, times: 1 })).status).toBe(
      200,
    );
    expect((await leads(t)).status).toBe(503);
    expect((await leads(t)).status).toBe(200);

    await admin('POST', 'faults', [{ kind: 'reset-before-apply', times: 1 }]);
    await expect(leads(t)).rejects.toThrow(/fetch failed/);
    expect((await leads(t)).status).toBe(200);

    await admin('POST', 'faults', { kind: 'expire-tokens' });
    const expired = await leads(t);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toContain('INVALID_TOKEN');
  });

  it('a fault with a typo is refused, naming the field', async () => {
    const r = await admin('POST', 'faults', { kind: 'status', status: 429, evry: 2 });
    expect(r).toEqual({ status: 400, json: { error: 'a status fault has no field "evry"' } });
    expect((await admin('POST', 'faults', { kind: 'slow' })).json['error']).toMatch(
      /unknown fault kind "slow"/,
    );
    expect((await admin('GET', 'nothing-here')).status).toBe(404);
  });

  it('POST /__admin/reset reseeds on the same URL; the start faults come back; old tokens are gone', async () => {
    const before = await token();
    const r = await admin('POST', 'reset', { records: 4 });
    expect(r.json).toEqual({ reset: true, records: 4, seed: 1 });
    // The reset runs once the answer went out: wait until the new emulator serves.
    const recordsNow = async () =>
      (await admin('GET', 'status').catch(() => undefined))?.json['recordsPerModule'];
    for (let i = 0; i < 50 && (await recordsNow()) !== 4; i++)
      await new Promise((res) => setTimeout(res, 50));
    expect((await admin('GET', 'status')).json['faults']).toEqual([
      { fault: { kind: 'status', status: 429, every: 2, retryAfterSeconds: 7 }, fired: 0 },
    ]);
    expect((await leads(before)).status).toBe(401);
    await admin('DELETE', 'faults');
    const body = (await (await leads(await token())).json()) as { data: unknown[] };
    expect(body.data).toHaveLength(4);
  });

  it('answers loopback clients only: a foreign Host header is refused (no DNS rebinding)', async () => {
    // fetch will not send a Host header of our choosing; node:http will.
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${dev.adminUrl}status`,
        { headers: { host: 'attacker.example' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end();
    });
    expect(status).toBe(403);
    expect((await admin('GET', 'status')).status).toBe(200);
  });

  it('a runtime client waits out injected 429s and succeeds', async () => {
    await admin('DELETE', 'faults');
    await admin('POST', 'faults', { kind: 'status', status: 429, times: 2, retryAfterSeconds: 1 });
    const c = dev.current().credentials;
    const waits: number[] = [];
    const core = new ZohoCore({
      auth: c,
      apiDomain: dev.url,
      accountsUrl: dev.url,
      hooks: { onRetry: (e) => void waits.push(e.delayMs) },
    });
    try {
      const body = await core.request<{ data: unknown[] }>({
        method: 'GET',
        path: '/crm/v8/Leads',
        query: { fields: 'Last_Name' },
        operation: 'listLeads',
      });
      expect(body.data).toHaveLength(4);
      expect(waits).toHaveLength(2);
      for (const ms of waits) expect(ms).toBeGreaterThanOrEqual(1000); // never before Retry-After
    } finally {
      await core.close();
    }
  });
});

describe('zcrm-codegen emulator options', () => {
  it.each([
    { args: [], err: /--snapshot FILE is required/ },
    {
      args: ['--snapshot', 'x.json', '--retry-after', '2'],
      err: /--retry-after goes with --inject-429/,
    },
    {
      args: ['--snapshot', 'x.json', '--inject-429', '0'],
      err: /--inject-429 must be an integer ≥ 1, got "0"/,
    },
  ])('$args → exit 2 naming the option', async ({ args, err }) => {
    const io = scriptedIO({ cwd: '/' });
    expect(await main(['emulator', ...args], io)).toBe(2);
    expect(io.err()).toMatch(err);
  });
});
