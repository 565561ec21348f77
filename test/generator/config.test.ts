import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, findOrg, parseConfig } from '../../generator/config.ts';

const FILE = '/repo/zcrm.config.yaml';

describe('parseConfig', () => {
  it('reads orgs with paths resolved against the config file', () => {
    const config = parseConfig('orgs:\n  - name: demo\n    dataCenter: eu\n    snapshot: generated/demo/metadata.json\n    out: generated/demo\n', FILE);
    expect(config.orgs).toEqual([
      { name: 'demo', dataCenter: 'eu', snapshot: resolve('/repo/generated/demo/metadata.json'), out: resolve('/repo/generated/demo') },
    ]);
    expect(findOrg(config, 'demo').name).toBe('demo');
    expect(() => findOrg(config, 'nope')).toThrow(/no org named "nope" \(configured: demo\)/);
  });

  it('defaults dataCenter to us', () => {
    expect(parseConfig('orgs:\n  - {name: a, snapshot: s.json, out: o}\n', FILE).orgs[0]?.dataCenter).toBe('us');
  });

  it.each([
    { given: 'orgs: [', want: /zcrm\.config\.yaml: not valid YAML \(line \d+, column \d+\)/ },
    { given: '- a\n- b\n', want: /zcrm\.config\.yaml: \(root\): expected a mapping/ },
    { given: 'orgs: 3\n', want: /zcrm\.config\.yaml: orgs: expected a list/ },
    { given: 'orgs:\n  - name: demo\n    out: o\n', want: /orgs\[0\]\.snapshot: expected a non-empty string/ },
    { given: 'orgs:\n  - {name: demo, dataCenter: mars, snapshot: s, out: o}\n', want: /orgs\[0\]\.dataCenter: "mars" is not a data center \(one of us, eu/ },
    { given: 'orgs:\n  - {name: "de mo", snapshot: s, out: o}\n', want: /orgs\[0\]\.name: "de mo" must be/ },
    { given: 'orgs:\n  - {name: a, snapshot: s, out: o}\n  - {name: A, snapshot: s, out: o}\n', want: /orgs\[1\]\.name: org "A" is listed twice/ },
    { given: 'orgs:\n  - {name: a, snapshot: s, out: o, secret: x}\n', want: /orgs\[0\]\.secret: unknown key/ },
  ])('$given → $want', ({ given, want }) => {
    expect(() => parseConfig(given, FILE)).toThrow(ConfigError);
    expect(() => parseConfig(given, FILE)).toThrow(want);
  });
});

describe('parseConfig: the modules allow-list `init --modules` writes', () => {
  const FILE_M = resolve('/repo/zcrm.config.yaml');
  it('reads it', () => {
    const config = parseConfig('orgs:\n  - name: acme\n    snapshot: s.json\n    out: o\n    modules: [Leads, Contacts]\n', FILE_M);
    expect(config.orgs[0]?.modules).toEqual(['Leads', 'Contacts']);
  });
  it.each([['modules: Leads'], ['modules: []'], ['modules: [Leads, 3]']])('rejects %s, naming the key', (line) => {
    expect(() => parseConfig(`orgs:\n  - name: acme\n    snapshot: s.json\n    out: o\n    ${line}\n`, FILE_M)).toThrow(
      /orgs\[0\]\.modules: expected a non-empty list of module API names/,
    );
  });
});
