/**
 * `zcrm-codegen auth` against the emulator's token endpoint (and, for answers the emulator never gives, a
 * loopback stub): the refresh token is printed as env lines, the client secret never is, and every refusal
 * says what happened and what to do next.
 */
import { readdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveAccountsServer, runAuth } from '../../generator/commands/auth.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { smallOrg } from './fixtures/small-org.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { scriptedIO } from './helpers.ts';

let emulator: Emulator;
let dir: string;
let remove: () => Promise<void>;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  emulator = await startEmulator({ snapshot: smallOrg() });
  ({ dir, remove } = await scratchDir('auth'));
  env = {
    ZCRM_ACME_CLIENT_ID: emulator.credentials.clientId,
    ZCRM_ACME_CLIENT_SECRET: emulator.credentials.clientSecret,
  };
});
afterAll(async () => {
  await emulator?.close();
  await remove();
});

async function auth(args: string[], e: NodeJS.ProcessEnv = env) {
  const io = scriptedIO({ cwd: dir, env: e });
  const code = await runAuth(args, io);
  const all = io.out() + io.err();
  expect(all).not.toContain(emulator.credentials.clientSecret);
  return { code, out: io.out(), err: io.err() };
}

/** A token endpoint answering a fixed body, for Zoho answers the emulator does not produce. */
async function stubTokenEndpoint(
  body: Record<string, unknown>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}

describe('auth --code', () => {
  it('exchanges the code and prints the env lines — the refresh token, never the client secret', async () => {
    const grant = emulator.issueGrantCode();
    const { code, out, err } = await auth([
      '--org',
      'acme',
      '--code',
      grant,
      '--accounts-server',
      emulator.url,
    ]);
    expect(code, err).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^ZCRM_ACME_REFRESH_TOKEN=1000\.[0-9a-f]+\.[0-9a-f]+$/);
    expect(lines).toContain(`ZCRM_ACME_ACCOUNTS_URL=${emulator.url}`);
    expect(lines).toContain(`ZCRM_ACME_API_DOMAIN=${emulator.url}`);
    expect(out).not.toContain(grant);
    expect(err).toMatch(/never to a committed file/);
    expect(await readdir(dir)).toEqual([]); // nothing written

    // The printed refresh token is a working one.
    const refresh = lines[0]!.split('=')[1]!;
    const res = await fetch(`${emulator.url}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: refresh,
        client_id: emulator.credentials.clientId,
        client_secret: emulator.credentials.clientSecret,
      }),
    });
    expect(await res.json()).toHaveProperty('access_token');
  });

  it('client id and secret passed as flags: the id is printed, the secret only as a placeholder', async () => {
    const { code, out } = await auth(
      [
        '--org',
        'acme',
        '--code',
        emulator.issueGrantCode(),
        '--accounts-server',
        emulator.url,
        '--client-id',
        emulator.credentials.clientId,
        '--client-secret',
        emulator.credentials.clientSecret,
      ],
      {},
    );
    expect(code).toBe(0);
    expect(out).toContain(`ZCRM_ACME_CLIENT_ID=${emulator.credentials.clientId}`);
    expect(out).toContain('# ZCRM_ACME_CLIENT_SECRET=<the client secret you passed — not printed>');
  });

  it('invalid_code (expired or reused code): says so and how to get a new one', async () => {
    const grant = emulator.issueGrantCode();
    expect(
      (await auth(['--org', 'acme', '--code', grant, '--accounts-server', emulator.url])).code,
    ).toBe(0);
    const { code, out, err } = await auth([
      '--org',
      'acme',
      '--code',
      grant,
      '--accounts-server',
      emulator.url,
    ]);
    expect(code).toBe(1);
    expect(out).toBe('');
    expect(err).toContain('invalid_code');
    expect(err).toMatch(/single-use/);
    expect(err).toMatch(/expired, was already exchanged, or was generated in another data center/);
    expect(err).toMatch(/Generate Code/);
    expect(err).not.toContain(grant);
  });

  it('invalid_client: names the client id and the wrong-data-center cause', async () => {
    const { code, err } = await auth(
      ['--org', 'acme', '--code', emulator.issueGrantCode(), '--accounts-server', emulator.url],
      {
        ...env,
        ZCRM_ACME_CLIENT_ID: '1000.NOTREGISTEREDHERE',
      },
    );
    expect(code).toBe(1);
    expect(err).toContain('invalid_client');
    expect(err).toContain('1000.NOTREGISTEREDHERE');
    expect(err).toMatch(/registered in another data center/);
    expect(err).toMatch(/--dc/);
  });

  it('invalid_client_secret: tells where to copy the secret from, without echoing it', async () => {
    const { code, err } = await auth(
      ['--org', 'acme', '--code', emulator.issueGrantCode(), '--accounts-server', emulator.url],
      {
        ...env,
        ZCRM_ACME_CLIENT_SECRET: 'wrong-secret-value-123',
      },
    );
    expect(code).toBe(1);
    expect(err).toContain('invalid_client_secret');
    expect(err).toMatch(/Client Secret/);
    expect(err).not.toContain('wrong-secret-value-123');
  });

  it('a token response without refresh_token: explains access_type=offline', async () => {
    const stub = await stubTokenEndpoint({
      access_token: '1000.onlineonly.token',
      api_domain: 'https://www.zohoapis.com',
      token_type: 'Bearer',
      expires_in: 3600,
    });
    try {
      const { code, out, err } = await auth([
        '--org',
        'acme',
        '--code',
        '1000.abc.def',
        '--accounts-server',
        stub.url,
      ]);
      expect(code).toBe(1);
      expect(out).toBe('');
      expect(err).toMatch(/no refresh token/);
      expect(err).toContain('access_type=offline');
      expect(err).not.toContain('1000.onlineonly.token');
    } finally {
      await stub.close();
    }
  });

  it('Access Denied (too many requests): wait, do not loop', async () => {
    const stub = await stubTokenEndpoint({
      error: 'Access Denied',
      error_description:
        'You have made too many requests continuously. Please try again after some time.',
    });
    try {
      const { code, err } = await auth([
        '--org',
        'acme',
        '--code',
        '1000.abc.def',
        '--accounts-server',
        stub.url,
      ]);
      expect(code).toBe(1);
      expect(err).toMatch(/throttling/);
      expect(err).toMatch(/up to 10/);
    } finally {
      await stub.close();
    }
  });

  it('scopes narrower than the generated client needs: prints the token, then names what is missing (exit 1)', async () => {
    const grant = emulator.issueGrantCode([
      'ZohoCRM.modules.ALL',
      'ZohoCRM.settings.ALL',
      'ZohoCRM.org.READ',
    ]);
    const { code, out, err } = await auth([
      '--org',
      'acme',
      '--code',
      grant,
      '--accounts-server',
      emulator.url,
    ]);
    expect(code).toBe(1);
    expect(out).toMatch(/^ZCRM_ACME_REFRESH_TOKEN=/); // the code is spent: the token must not be lost
    expect(err).toMatch(/bulk .*missing ZohoCRM\.bulk\.READ, ZohoCRM\.bulk\.CREATE/);
    expect(err).toContain('ZohoCRM.coql.READ');
    expect(err).toContain('ZohoCRM.notifications.ALL');
    expect(err).toContain('ZohoCRM.users.READ');
    expect(err).not.toMatch(/metadata .*missing/);
    expect(err).toMatch(/revoke/);
  });
});

describe('auth arguments', () => {
  it.each([
    { args: ['--org', 'acme'], want: /--code GRANT_CODE is required/ },
    { args: ['--code', 'x'], want: /--org NAME is required/ },
    { args: ['--org', 'acme', '--code', 'x', '--dc', 'mars'], want: /not a data center/ },
    {
      args: ['--org', 'acme', '--code', 'x', '--accounts-server', 'https://accounts.evil.example'],
      want: /not a Zoho accounts server/,
    },
    {
      args: [
        '--org',
        'acme',
        '--code',
        'x',
        '--accounts-server',
        'https://accounts.zoho.eu',
        '--dc',
        'in',
      ],
      want: /disagree/,
    },
  ])('$args exits 2', async ({ args, want }) => {
    const { code, err } = await auth(args);
    expect(code).toBe(2);
    expect(err).toMatch(want);
  });

  it('names the missing client variables', async () => {
    const { code, err } = await auth(
      ['--org', 'acme', '--code', 'x', '--accounts-server', emulator.url],
      { ZCRM_ACME_CLIENT_ID: 'id' },
    );
    expect(code).toBe(2);
    expect(err).toContain('ZCRM_ACME_CLIENT_SECRET');
  });

  it.each([
    {
      given: 'https://accounts.zoho.com',
      want: { dataCenter: 'us', origin: 'https://accounts.zoho.com' },
    },
    {
      given: 'https://accounts.zoho.eu/',
      want: { dataCenter: 'eu', origin: 'https://accounts.zoho.eu' },
    },
    {
      given: 'https://accounts.zohocloud.ca',
      want: { dataCenter: 'ca', origin: 'https://accounts.zohocloud.ca' },
    },
    {
      given: 'https://accounts.zoho.com.au',
      want: { dataCenter: 'au', origin: 'https://accounts.zoho.com.au' },
    },
    {
      given: 'http://127.0.0.1:4010',
      want: { dataCenter: undefined, origin: 'http://127.0.0.1:4010' },
    },
  ])('accounts-server $given maps through the DC table', ({ given, want }) => {
    expect(resolveAccountsServer(given)).toEqual(want);
  });

  it.each(['http://accounts.zoho.com', 'https://accounts.zoho.co.uk.evil.example', 'not a url'])(
    'refuses %s',
    (given) => {
      expect(() => resolveAccountsServer(given)).toThrow();
    },
  );
});
