/**
 * `zcrm-codegen doctor` against the emulator: healthy → exit 0 with every check ✔; each kind of trouble →
 * exit 1 with the failing check ✘ naming the cause; no config → exit 2; `--json` for monitoring; a second run
 * reuses the cached token (the emulator's tokensMinted proves it); no secret ever printed.
 */
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDoctor, type DoctorReport } from '../../generator/commands/doctor.ts';
import { pullSnapshot } from '../../generator/metadata/pull.ts';
import { serializeSnapshot } from '../../generator/metadata/snapshot.ts';
import { startEmulator, type Emulator } from '../../emulator/index.ts';
import { smallOrg } from './fixtures/small-org.ts';
import { scratchDir } from '../helpers/scratch-dir.ts';
import { scriptedIO } from './helpers.ts';

const CONFIG = `# doctor test org
orgs:
  - name: acme
    dataCenter: eu
    snapshot: snap/metadata.json
    out: snap
`;

interface Setup {
  emulator: Emulator;
  dir: string;
  env: NodeJS.ProcessEnv;
  remove: () => Promise<void>;
}

async function setUp(prefix: string, scopes?: string[]): Promise<Setup> {
  const emulator = await startEmulator({
    snapshot: smallOrg(),
    ...(scopes === undefined ? {} : { scopes }),
  });
  const { dir, remove } = await scratchDir(prefix);
  await writeFile(join(dir, 'zcrm.config.yaml'), CONFIG);
  const env = {
    ZCRM_ACME_CLIENT_ID: emulator.credentials.clientId,
    ZCRM_ACME_CLIENT_SECRET: emulator.credentials.clientSecret,
    ZCRM_ACME_REFRESH_TOKEN: emulator.credentials.refreshToken,
    ZCRM_ACME_API_DOMAIN: emulator.url,
    ZCRM_ACME_ACCOUNTS_URL: emulator.url,
  };
  // The committed snapshot: what `pull` writes for this org.
  const snapshot = await pullSnapshot({
    client: { auth: emulator.credentials, apiDomain: emulator.url, accountsUrl: emulator.url },
  });
  await mkdir(join(dir, 'snap'), { recursive: true });
  await writeFile(join(dir, 'snap/metadata.json'), serializeSnapshot(snapshot));
  return {
    emulator,
    dir,
    env,
    remove: async () => {
      await emulator.close();
      await remove();
    },
  };
}

const outputs: string[] = [];
const secrets = new Set<string>();

async function doctor(s: Setup, args: string[] = [], env: NodeJS.ProcessEnv = s.env) {
  const io = scriptedIO({ cwd: s.dir, env });
  const code = await runDoctor(args, io);
  outputs.push(io.out(), io.err());
  return { code, out: io.out(), err: io.err() };
}

/** Access tokens doctor cached: secrets too. */
async function cachedAccessTokens(dir: string): Promise<string[]> {
  try {
    const all = JSON.parse(await readFile(join(dir, '.zcrm-cache/tokens.json'), 'utf8')) as Record<
      string,
      { accessToken: string }
    >;
    return Object.values(all).map((t) => t.accessToken);
  } catch {
    return [];
  }
}

const checkLine = (out: string, title: string): string =>
  out.split('\n').find((l) => l.includes(` ${title}:`)) ?? '';

describe('doctor on a healthy org', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('doctor');
    secrets.add(s.emulator.credentials.clientSecret).add(s.emulator.credentials.refreshToken);
  });
  afterAll(async () => {
    for (const t of await cachedAccessTokens(s.dir)) secrets.add(t);
    await s.remove();
  });

  it('exits 0 with every check ✔, in order', async () => {
    const { code, out, err } = await doctor(s);
    expect(code, out + err).toBe(0);
    const marks = out.split('\n').filter((l) => /^ {2}[✔✘⚠–] /.test(l));
    expect(marks.map((l) => l.trim().split(':')[0])).toEqual([
      '✔ credentials',
      '✔ token endpoint',
      '✔ token refresh',
      '✔ scopes',
      '✔ API',
      '✔ edition limits',
      '✔ snapshot',
    ]);
    expect(checkLine(out, 'edition limits')).toContain(
      'Enterprise edition: at most 20 concurrent API calls',
    );
    expect(out).toContain('credits used: not reported by the API');
    expect(out).toContain('in sync with snap/metadata.json');
  });

  it('a second run reuses the cached token: no new mint', async () => {
    const before = s.emulator.log.tokensMinted;
    const { code, out } = await doctor(s);
    expect(code).toBe(0);
    expect(s.emulator.log.tokensMinted).toBe(before);
    expect(checkLine(out, 'token refresh')).toMatch(
      /reused the cached access token .*none minted — credentials verified (just now|\d+ min ago)/,
    );
    expect(checkLine(out, 'scopes')).toMatch(/^ {2}✔/); // scopes remembered from the mint
  });

  it('a wrong client secret while the token cache is warm: verified at once, exit 1 (issue 15, item 5)', async () => {
    await doctor(s); // the cache is warm and these credentials verified
    const before = s.emulator.log.tokensMinted;
    const { code, out } = await doctor(s, [], {
      ...s.env,
      ZCRM_ACME_CLIENT_SECRET: 'wrong-secret-0000',
    });
    expect(code, out).toBe(1);
    expect(checkLine(out, 'token refresh')).toMatch(
      /^ {2}✘ token refresh: Zoho refused the refresh token/,
    );
    expect(out).not.toContain('healthy');
    expect(s.emulator.log.tokensMinted).toBe(before); // refused, nothing minted
    // The right credentials again: still verified (within 10 minutes), no mint.
    const again = await doctor(s);
    expect(again.code).toBe(0);
    expect(s.emulator.log.tokensMinted).toBe(before);
  });

  it('credentials never verified are verified with one mint despite a warm cache; then not again', async () => {
    // The emulator has one grant, so "new credentials" are made by forgetting the verification record.
    await rm(join(s.dir, '.zcrm-cache/verified.json'));
    const before = s.emulator.log.tokensMinted;
    const first = await doctor(s);
    expect(first.code).toBe(0);
    expect(s.emulator.log.tokensMinted).toBe(before + 1);
    expect(checkLine(first.out, 'token refresh')).toMatch(
      /credentials verified: minted an access token/,
    );
    const second = await doctor(s);
    expect(second.code).toBe(0);
    expect(s.emulator.log.tokensMinted).toBe(before + 1);
  });

  it('the verification record holds a salted fingerprint, never a credential', async () => {
    const text = await readFile(join(s.dir, '.zcrm-cache/verified.json'), 'utf8');
    const record = JSON.parse(text) as { salt: string; entries: Record<string, { at: number }> };
    expect(record.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(Object.keys(record.entries).every((k) => /^[0-9a-f]{64}$/.test(k))).toBe(true);
    for (const value of Object.values(s.env)) expect(text).not.toContain(value);
  });

  it('the token cache ignores itself, so it never reaches git', async () => {
    expect(await readFile(join(s.dir, '.zcrm-cache/.gitignore'), 'utf8')).toMatch(/^\*$/m);
  });

  it('--json prints one object for monitoring', async () => {
    const { code, out } = await doctor(s, ['--json', '--org', 'acme']);
    expect(code).toBe(0);
    const report = JSON.parse(out) as DoctorReport;
    expect(report).toMatchObject({ ok: true, exitCode: 0 });
    expect(report.orgs).toHaveLength(1);
    const org = report.orgs[0]!;
    expect(org).toMatchObject({ org: 'acme', dataCenter: 'eu', ok: true });
    expect(org.checks.map((c) => [c.id, c.status])).toEqual([
      ['credentials', 'pass'],
      ['token-endpoint', 'pass'],
      ['refresh', 'pass'],
      ['scopes', 'pass'],
      ['api', 'pass'],
      ['limits', 'pass'],
      ['snapshot', 'pass'],
    ]);
    for (const c of org.checks) expect(typeof c.detail).toBe('string');
    expect(org.checks.find((c) => c.id === 'limits')?.data).toMatchObject({
      edition: 'Enterprise',
      concurrencyLimit: 20,
      userLicenses: 20,
      creditsPer24h: 70_000,
      creditsUsed: null,
    });
    expect(org.checks.find((c) => c.id === 'refresh')?.data).toEqual({
      minted: false,
      verifiedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
  });

  it('a cached token the API refuses (revoked): forgets it, mints once, and is healthy', async () => {
    await doctor(s); // make sure a token is cached
    s.emulator.faults.set({ kind: 'expire-tokens' });
    try {
      const before = s.emulator.log.tokensMinted;
      const { code, out } = await doctor(s);
      expect(code, out).toBe(0);
      expect(s.emulator.log.tokensMinted).toBe(before + 1);
      expect(checkLine(out, 'token refresh')).toMatch(/refused by the API .*minted a new one/);
    } finally {
      s.emulator.faults.clear();
    }
    for (const t of await cachedAccessTokens(s.dir)) secrets.add(t);
  });

  it('a fixed access token (ZCRM_<ORG>_ACCESS_TOKEN): refresh skipped, scopes probed, never printed', async () => {
    const res = await fetch(`${s.emulator.url}/oauth/v2/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: s.emulator.credentials.refreshToken,
        client_id: s.emulator.credentials.clientId,
        client_secret: s.emulator.credentials.clientSecret,
      }),
    });
    const accessToken = ((await res.json()) as { access_token: string }).access_token;
    secrets.add(accessToken);
    const { code, out } = await doctor(s, [], {
      ZCRM_ACME_ACCESS_TOKEN: accessToken,
      ZCRM_ACME_API_DOMAIN: s.emulator.url,
    });
    expect(code, out).toBe(0);
    expect(checkLine(out, 'token refresh')).toMatch(/^ {2}– token refresh/);
    expect(checkLine(out, 'scopes')).toMatch(/^ {2}✔ scopes: one read per area/);
  });

  it('a missing variable: exit 1, names it, later checks skipped', async () => {
    const env = { ...s.env };
    delete env['ZCRM_ACME_REFRESH_TOKEN'];
    const { code, out } = await doctor(s, [], env);
    expect(code).toBe(1);
    expect(checkLine(out, 'credentials')).toMatch(/^ {2}✘ credentials: .*ZCRM_ACME_REFRESH_TOKEN/);
    expect(out).toContain('zcrm-codegen auth --org acme');
    expect(checkLine(out, 'snapshot')).toMatch(/^ {2}– snapshot: needs credentials/);
  });

  it('a revoked or foreign refresh token: refresh ✘ with the advice', async () => {
    const { code, out } = await doctor(s, [], {
      ...s.env,
      ZCRM_ACME_REFRESH_TOKEN: '1000.revoked0000.revoked0000',
    });
    expect(code).toBe(1);
    expect(checkLine(out, 'token refresh')).toContain('invalid_code');
    expect(out).toMatch(/generate a new grant/);
    expect(out).toMatch(/another data center/);
  });

  it('a client unknown to this data center (invalid_client): refresh ✘ pointing at the data center', async () => {
    const { code, out } = await doctor(s, [], {
      ...s.env,
      ZCRM_ACME_CLIENT_ID: '1000.REGISTEREDINANOTHERDC',
    });
    expect(code).toBe(1);
    expect(checkLine(out, 'token refresh')).toContain('invalid_client');
    expect(out).toMatch(/registered in another data center/);
    expect(out).toMatch(
      /another data center \(us, in, au, jp, ca, cn, sa\) fails exactly like this in eu/,
    );
  });

  it('a drifted snapshot: snapshot ✘ with the schema diff', async () => {
    s.emulator.setSnapshot(smallOrg('drifted'));
    try {
      const { code, out } = await doctor(s);
      expect(code).toBe(1);
      expect(checkLine(out, 'snapshot')).toMatch(/^ {2}✘ snapshot: org "acme" has drifted/);
      expect(out).toContain('Email');
      expect(out).toContain('zcrm-codegen pull --org acme');
    } finally {
      s.emulator.setSnapshot(smallOrg());
    }
  });

  it('a missing snapshot file: ✘ with the pull command', async () => {
    await rm(join(s.dir, 'snap/metadata.json'));
    const { code, out } = await doctor(s);
    expect(code).toBe(1);
    expect(checkLine(out, 'snapshot')).toMatch(/✘/);
    expect(out).toContain('zcrm-codegen pull --org acme');
  });
});

describe('doctor with narrowed scopes', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await setUp('doctor-scopes', [
      'ZohoCRM.modules.ALL',
      'ZohoCRM.settings.ALL',
      'ZohoCRM.org.READ',
      'ZohoCRM.users.READ',
    ]);
    secrets.add(s.emulator.credentials.clientSecret).add(s.emulator.credentials.refreshToken);
  });
  afterAll(async () => {
    for (const t of await cachedAccessTokens(s.dir)) secrets.add(t);
    await s.remove();
  });

  it('scopes ✘ naming each missing scope (from the token response)', async () => {
    const { code, out } = await doctor(s);
    expect(code).toBe(1);
    expect(checkLine(out, 'scopes')).toMatch(/^ {2}✘ scopes/);
    expect(out).toContain(
      'bulk (crm.bulk read/write jobs): missing ZohoCRM.bulk.READ, ZohoCRM.bulk.CREATE',
    );
    expect(out).toContain('coql (crm.coql): missing ZohoCRM.coql.READ');
    expect(out).toContain('missing ZohoCRM.notifications.READ');
    expect(out).not.toMatch(/records .*missing/);
    expect(checkLine(out, 'snapshot')).toMatch(/✔/);
  });

  it('with a token of unknown scopes (a fixed access token), probes the API per area', async () => {
    const [accessToken] = await cachedAccessTokens(s.dir);
    expect(accessToken).toBeDefined();
    const before = s.emulator.log.tokensMinted;
    const { code, out } = await doctor(s, ['--json'], {
      ZCRM_ACME_ACCESS_TOKEN: accessToken,
      ZCRM_ACME_API_DOMAIN: s.emulator.url,
    });
    expect(code).toBe(1);
    expect(s.emulator.log.tokensMinted).toBe(before);
    const scopes = (JSON.parse(out) as DoctorReport).orgs[0]?.checks.find((c) => c.id === 'scopes');
    expect(scopes?.status).toBe('fail');
    expect(scopes?.data).toMatchObject({
      source: 'probes',
      missingAreas: ['bulk', 'coql', 'notifications'],
    });
  });
});

describe('doctor cannot run', () => {
  let dir: string;
  let remove: () => Promise<void>;
  beforeAll(async () => {
    ({ dir, remove } = await scratchDir('doctor-noconfig'));
  });
  afterAll(async () => remove());

  it('no config: exit 2, says how to create one', async () => {
    const io = scriptedIO({ cwd: dir });
    expect(await runDoctor([], io)).toBe(2);
    expect(io.err()).toMatch(/no such file.*zcrm-codegen init/);
  });

  it('no config with --json: still one JSON object', async () => {
    const io = scriptedIO({ cwd: dir });
    expect(await runDoctor(['--json'], io)).toBe(2);
    expect(JSON.parse(io.out())).toMatchObject({ ok: false, exitCode: 2, orgs: [] });
  });

  it('an unknown org or flag: exit 2', async () => {
    await writeFile(join(dir, 'zcrm.config.yaml'), CONFIG);
    const io = scriptedIO({ cwd: dir });
    expect(await runDoctor(['--org', 'nope'], io)).toBe(2);
    expect(io.err()).toContain('no org named "nope"');
    expect(await runDoctor(['--verbose'], scriptedIO({ cwd: dir }))).toBe(2);
  });
});

describe('secrets', () => {
  it('never appear in any doctor output', () => {
    expect(secrets.size).toBeGreaterThanOrEqual(4);
    const all = outputs.join('\n');
    for (const secret of secrets) expect(all).not.toContain(secret);
  });
});
