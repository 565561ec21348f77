/**
 * What a user of a real org sees from the CLI: one warning line per oddity and a summary, `--strict`
 * refusing, a README that tells the truth about this org, and a snapshot nested 100,000 levels deep refused
 * with the file (or the pull) and the JSON path named — by generate, diff, check and pull — never a stack
 * overflow, never a file written.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../generator/cli.ts';
import { scriptedIO } from '../commands/helpers.ts';
import { serializeSnapshot } from '../../generator/metadata/snapshot.ts';
import type { Snapshot } from '../../generator/metadata/snapshot-types.ts';
import { quirkyOrg, zohoField, zohoModule } from '../fixtures/quirky-org.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zcrm-real-orgs-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const io = scriptedIO({ cwd: dir, env });
  const code = await main(args, io);
  return { code, out: io.out().trimEnd(), err: io.err().trimEnd() };
}

/** A small org without Leads, with a field listed twice and one of unknown type. */
function smallOddOrg(): Snapshot {
  return {
    modules: { modules: [zohoModule('Properties', { plural_label: 'Properties', singular_label: 'Property' }), zohoModule('Viewings')] },
    fields: {
      Properties: {
        fields: [
          zohoField('Property_Name', 'text', 'string', { system_mandatory: true }),
          zohoField('Tag', 'text', 'jsonarray'),
          zohoField('Tag', 'text', 'jsonarray'),
          zohoField('Floor_Plan', 'floorplan3d', 'jsonobject'),
        ],
      },
      Viewings: { fields: [zohoField('Viewing_Date', 'date', 'string')] },
    },
    related_lists: { Properties: { related_lists: [] }, Viewings: { related_lists: [] } },
  };
}

describe('generate on a real org', () => {
  it('prints one warning per oddity naming module and field, and a summary; writes the client', async () => {
    await writeFile(join(dir, 'odd.json'), serializeSnapshot(smallOddOrg()));
    const r = await run(['generate', '--snapshot', 'odd.json', '--out', 'odd']);
    expect(r.code).toBe(0);
    expect(r.err.split('\n')).toEqual([
      'warning: odd: module "Properties" field "Floor_Plan": unknown data_type "floorplan3d" (json_type "jsonobject"): typed as unknown (any JSON value)',
      expect.stringMatching(/^warning: odd: module "Properties" field "Tag": listed 2 times \(ids \d+, \d+\): merged into one field \(identical definitions\)$/),
      'odd: 2 warnings (1 duplicate-field, 1 unknown-data-type)',
    ]);
    expect(existsSync(join(dir, 'odd', 'client.d.ts'))).toBe(true);
  });

  it('--strict turns the warnings into errors and writes nothing', async () => {
    await writeFile(join(dir, 'odd.json'), serializeSnapshot(smallOddOrg()));
    const r = await run(['generate', '--snapshot', 'odd.json', '--out', 'strict-out', '--strict']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('error: strict-out: module "Properties" field "Floor_Plan": unknown data_type');
    expect(r.err).toContain('strict-out: --strict: nothing written');
    expect(existsSync(join(dir, 'strict-out'))).toBe(false);
  });

  it('the README shows the configured data center, a module the org has, and no metadata.json it did not write', async () => {
    await writeFile(join(dir, 'odd.json'), serializeSnapshot(smallOddOrg()));
    await run(['generate', '--snapshot', 'odd.json', '--out', 'by-snapshot']);
    const bySnapshot = await readFile(join(dir, 'by-snapshot', 'README.md'), 'utf8');
    expect(bySnapshot).not.toContain('metadata.json');
    expect(bySnapshot).not.toContain('Leads');
    expect(bySnapshot).toContain("crm.module('Properties')");
    expect(bySnapshot).toContain("const page = await crm.properties.list({ fields: ['Property_Name'] });");
    expect(bySnapshot).toMatch(/dataCenter: 'us', \/\/ your org's data center: us, eu, in, au, jp, ca, cn, sa/);

    await writeFile(join(dir, 'acme-metadata.json'), serializeSnapshot(smallOddOrg()));
    await writeFile(join(dir, 'zcrm.config.yaml'), 'orgs:\n  - name: acme\n    dataCenter: eu\n    snapshot: acme/metadata.json\n    out: acme\n');
    await run(['generate', '--snapshot', 'acme-metadata.json', '--out', 'acme']); // make the folder
    await writeFile(join(dir, 'acme', 'metadata.json'), serializeSnapshot(smallOddOrg()));
    expect((await run(['generate', '--org', 'acme'])).code).toBe(0);
    const configured = await readFile(join(dir, 'acme', 'README.md'), 'utf8');
    expect(configured).toContain("  dataCenter: 'eu',\n");
    expect(configured).toContain('from the metadata snapshot `metadata.json`');
  });
});

/** `{"fields":{"Leads":{"fields":[{"api_name":"X",…,"lookup":{"a":{"a":…}}}]}}}`, 100,000 levels deep. */
function deepFieldsBody(levels: number): string {
  return `{"fields":[{"api_name":"X","data_type":"lookup","json_type":"jsonobject","lookup":${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}}]}`;
}

function deepSnapshotText(levels: number): string {
  return `{"fields":{"Leads":${deepFieldsBody(levels)}},"modules":{"modules":[{"api_name":"Leads","api_supported":true}]}}`;
}

const PATH = '$.fields.Leads.fields[0].lookup.a.a.a.a…(55 more levels)';

describe('a snapshot nested 100,000 levels deep', () => {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    // A stand-in Zoho whose field metadata is absurdly deep (JSON.stringify could not even produce it).
    const deep = deepFieldsBody(100_000);
    server = createServer((req, res) => {
      const path = (req.url ?? '').split('?')[0];
      const body =
        path === '/crm/v8/settings/modules'
          ? '{"modules":[{"api_name":"Leads","api_supported":true,"generated_type":"default"}]}'
          : path === '/crm/v8/settings/fields'
            ? deep
            : '{"related_lists":[]}';
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`;
    await writeFile(join(dir, 'deep.json'), deepSnapshotText(100_000));
    await writeFile(join(dir, 'fine.json'), serializeSnapshot(smallOddOrg()));
    await writeFile(
      join(dir, 'zcrm.config.yaml'),
      'orgs:\n  - name: deep\n    dataCenter: us\n    snapshot: deep-org/metadata.json\n    out: deep-org\n',
    );
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  const env = (): NodeJS.ProcessEnv => ({ ZCRM_DEEP_ACCESS_TOKEN: 'test-access-token', ZCRM_DEEP_API_DOMAIN: url });
  const refusal = (source: string, command = 'generate') => `zcrm-codegen ${command}: ${source}: nested deeper than 64 levels at ${PATH} (Zoho's metadata is a few levels deep: this is not a snapshot)`;

  it('generate refuses it naming the file and the path', async () => {
    const r = await run(['generate', '--snapshot', 'deep.json', '--out', 'deep-out']);
    expect({ code: r.code, err: r.err }).toEqual({ code: 2, err: refusal(join(dir, 'deep.json')) });
    expect(existsSync(join(dir, 'deep-out'))).toBe(false);
  });

  it('diff refuses it the same way, whichever side it is on', async () => {
    expect(await run(['diff', 'fine.json', 'deep.json'])).toMatchObject({ code: 2, err: refusal(join(dir, 'deep.json'), 'diff') });
    expect(await run(['diff', 'deep.json', 'fine.json'])).toMatchObject({ code: 2, err: refusal(join(dir, 'deep.json'), 'diff') });
  });

  it('pull refuses what the org answers and writes no snapshot', async () => {
    const r = await run(['pull', '--org', 'deep'], env());
    expect({ code: r.code, err: r.err.split('\n').filter((l) => l.startsWith('zcrm-codegen')) }).toEqual({ code: 2, err: [refusal('the pulled metadata', 'pull')] });
    expect(existsSync(join(dir, 'deep-org', 'metadata.json'))).toBe(false);
  });

  it('check refuses a deep committed snapshot, and a deep live answer', async () => {
    await rm(join(dir, 'deep-org'), { recursive: true, force: true });
    await run(['generate', '--snapshot', 'fine.json', '--out', 'deep-org']);
    await writeFile(join(dir, 'deep-org', 'metadata.json'), deepSnapshotText(100_000));
    const committed = await run(['check', '--org', 'deep'], env());
    expect({ code: committed.code, err: committed.err }).toEqual({ code: 2, err: refusal(join(dir, 'deep-org', 'metadata.json'), 'check') });
    await writeFile(join(dir, 'deep-org', 'metadata.json'), serializeSnapshot(smallOddOrg()));
    const live = await run(['check', '--org', 'deep'], env());
    expect({ code: live.code, err: live.err.split('\n').filter((l) => l.startsWith('zcrm-codegen')) }).toEqual({ code: 2, err: [refusal('the pulled metadata', 'check')] });
  });
});

describe('the quirky corpus through the CLI', () => {
  it('generates with a warning per oddity and the summary counting them by kind', async () => {
    const org = quirkyOrg({ modules: 2, fieldsPerModule: 6, withoutRelatedLists: true });
    await writeFile(join(dir, 'quirky.json'), JSON.stringify(org.snapshot));
    const r = await run(['generate', '--snapshot', 'quirky.json', '--out', 'quirky']);
    expect(r.code).toBe(0);
    const lines = r.err.split('\n');
    expect(lines.filter((l) => l.startsWith('warning: quirky: '))).toHaveLength(org.expected.length);
    expect(lines.at(-1)).toMatch(new RegExp(`^quirky: ${org.expected.length} warnings \\(\\d+ duplicate-field, .*\\)$`));
  });
});
