/**
 * What the editor shows on a field: its JSDoc (describe-field.ts's one line) on the record, on a row of a
 * `list` narrowed to the fields asked for, and on the create and update inputs, which carry it through the
 * runtime's mapped types (AsRead, CreateInput, UpdateInput) rather than writing it three times. Asked of
 * TypeScript's language service, as an editor asks it, over the committed demo client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldSummary } from '../../generator/model/describe-field.ts';
import { buildOrgModel } from '../../generator/model/build-org-model.ts';
import { readSnapshot } from '../../generator/metadata/snapshot.ts';
import type { FieldModel } from '../../generator/model/types.ts';
import { DEMO_DIR, DEMO_SNAPSHOT } from '../helpers/demo-client.ts';
import { TYPES_FIXTURES } from '../helpers/shared-type-check.ts';

// Only in memory: the service reads it from the host, nothing is written.
const CONSUMER = join(TYPES_FIXTURES, 'field-docs-consumer.ts');

function languageService(source: string): ts.LanguageService {
  const config = ts.getParsedCommandLineOfConfigFile(join(DEMO_DIR, 'tsconfig.json'), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  });
  if (config === undefined) throw new Error('no tsconfig in generated/demo');
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => [CONSUMER],
    getScriptVersion: () => '1',
    getScriptSnapshot: (file) => {
      const text = file === CONSUMER ? source : ts.sys.readFile(file);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => TYPES_FIXTURES,
    getCompilationSettings: () => config.options,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (file) => file === CONSUMER || ts.sys.fileExists(file),
    readFile: (file) => (file === CONSUMER ? source : ts.sys.readFile(file)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

describe('field docs in the editor', () => {
  let field: FieldModel;
  let source: string;
  let service: ts.LanguageService;

  beforeAll(async () => {
    const model = buildOrgModel(await readSnapshot(DEMO_SNAPSHOT), { org: 'demo' });
    const deals = model.modules.find((m) => m.apiName === 'Deals');
    // A custom field that can be both created and updated, so it is on every shape.
    const found = deals?.fields.find((f) => f.custom && f.creatable && f.updatable && /^[A-Za-z_]\w*$/.test(f.apiName));
    if (found === undefined) throw new Error('the demo org has no creatable and updatable custom field on Deals');
    field = found;
    const name = field.apiName;
    source = [
      `import { createClient, type DealsCreateInput, type DealsRecord, type DealsUpdateInput } from '../../../generated/demo/index.js';`,
      `const crm = createClient({ auth: { accessToken: '' } });`,
      `const page = await crm.deals.list({ fields: ['${name}'] });`,
      `export const onRow = page.data[0]?./*row*/${name};`,
      `declare const record: DealsRecord;`,
      `export const onRecord = record./*record*/${name};`,
      `declare const create: DealsCreateInput;`,
      `export const onCreate = create./*create*/${name};`,
      `declare const update: DealsUpdateInput;`,
      `export const onUpdate = update./*update*/${name};`,
    ].join('\n');
    service = languageService(source);
  });

  function quickInfo(marker: string): { text: string; docs: string } {
    const at = source.indexOf(`/*${marker}*/`) + `/*${marker}*/`.length;
    const info = service.getQuickInfoAtPosition(CONSUMER, at);
    return { text: ts.displayPartsToString(info?.displayParts), docs: ts.displayPartsToString(info?.documentation) };
  }

  it('shows the JSDoc on the record and on a listed row, with the value type as read (optional, nullable)', () => {
    expect(fieldSummary(field)).toMatch(/custom/);
    for (const marker of ['record', 'row']) {
      const info = quickInfo(marker);
      expect(info.docs, marker).toBe(fieldSummary(field));
      expect(info.text, marker).toMatch(new RegExp(`${field.apiName}\\?: .*\\| null \\| undefined$`));
    }
  });

  it('shows the same JSDoc on the create and update inputs', () => {
    for (const marker of ['create', 'update']) expect(quickInfo(marker).docs, marker).toBe(fieldSummary(field));
  });

  it('is written once per field in modules.d.ts', () => {
    const modules = readFileSync(join(DEMO_DIR, 'modules.d.ts'), 'utf8');
    const doc = `/** ${fieldSummary(field)} */\n  ${field.apiName}:`;
    expect(modules.split(doc).length - 1).toBe(1);
  });
});
