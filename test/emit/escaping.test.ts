import { describe, expect, it } from 'vitest';
import ts from 'typescript';
import { erDiagram } from '../../generator/emit/er-diagram.ts';
import { jsdocBlock, jsdocText } from '../../generator/emit/jsdoc.ts';
import { propertyKey, stringLiteral } from '../../generator/emit/literals.ts';
import { mdName, mdText } from '../../generator/emit/markdown.ts';
import { field, module, org } from '../generator/fixtures/model.ts';

describe('jsdocText', () => {
  it.each([
    { given: 'Plain label', want: 'Plain label' },
    { given: 'ends */ here', want: 'ends *\\/ here' },
    { given: 'a **/ b */*/', want: 'a **\\/ b *\\/*\\/' },
    { given: 'line1\r\nline2\rline3', want: 'line1\nline2\nline3' },
    { given: 'a\u2028b\u2029c\u0085d', want: 'a\nb\nc\nd' },
    { given: 'tab\there', want: 'tab here' },
    { given: 'bell\u0007nul\u0000esc\u001b', want: 'bellnulesc' },
    { given: 'bidi \u202eevil\u202c', want: 'bidi evil' },
    { given: '`${x}` "q" \'s\'', want: '`${x}` "q" \'s\'' },
    { given: '  padded  \n  ', want: 'padded' },
    { given: '日本語 🚀', want: '日本語 🚀' },
  ])('$given', ({ given, want }) => {
    expect(jsdocText(given)).toBe(want);
  });

  it('a block built from hostile text is one comment: the code after it still parses', () => {
    const hostile = 'x */ const pwned = 1; /* \u2028 ${y}`';
    const source = `${jsdocBlock([hostile])}\nexport const ok = 1;\n`;
    const file = ts.createSourceFile('a.ts', source, ts.ScriptTarget.ES2022, true);
    expect(file.statements.map((s) => s.getText(file))).toEqual(['export const ok = 1;']);
  });
});

describe('stringLiteral / propertyKey', () => {
  it.each(['plain', 'q"uote', "s'ingle", 'back`tick ${x}', 'nl\nx', 'ls\u2028ps\u2029', 'back\\slash', '</script>', ''])(
    '%j round-trips through the TypeScript parser',
    (value) => {
      const text = stringLiteral(value);
      expect(text).not.toMatch(/[\u2028\u2029\n]/);
      const file = ts.createSourceFile('a.ts', `const v = ${text};`, ts.ScriptTarget.ES2022, true);
      const decl = (file.statements[0] as ts.VariableStatement).declarationList.declarations[0]!;
      expect((decl.initializer as ts.StringLiteral).text).toBe(value);
    },
  );

  it.each([
    { given: 'Last_Name', want: 'Last_Name' },
    { given: '$se_module', want: '$se_module' },
    { given: '1st', want: '"1st"' },
    { given: 'Deal-Name', want: '"Deal-Name"' },
    { given: '__proto__', want: '"__proto__"' },
  ])('propertyKey($given)', ({ given, want }) => {
    expect(propertyKey(given)).toBe(want);
  });
});

describe('mdText / mdName', () => {
  it.each([
    { given: 'Sales Orders', want: 'Sales Orders' },
    { given: 'a | b', want: 'a \\| b' },
    { given: '<script>alert(1)</script>', want: '&lt;script&gt;alert(1)&lt;/script&gt;' },
    { given: '**bold** _it_ `code` [link](x)', want: '\\*\\*bold\\*\\* \\_it\\_ \\`code\\` \\[link\\](x)' },
    { given: 'two\nlines\u2028three', want: 'two lines three' },
    { given: 'back\\slash & amp', want: 'back\\\\slash &amp; amp' },
    { given: '~~strike~~ #tag', want: '\\~\\~strike\\~\\~ \\#tag' },
  ])('$given', ({ given, want }) => {
    expect(mdText(given)).toBe(want);
  });

  it('code spans only for identifier-like names', () => {
    expect(mdName('Last_Name')).toBe('`Last_Name`');
    expect(mdName('a`b')).toBe('a\\`b');
  });
});

describe('erDiagram', () => {
  it('links modules by lookups and subforms with sanitized identifiers and labels', () => {
    const model = org([
      module('Accounts', []),
      module('Deals', [
        field('Account"x`', { kind: 'lookup', dataType: 'lookup', module: 'Accounts' }),
        field('Owner', { kind: 'lookup', dataType: 'ownerlookup', module: undefined }),
        field('Lines', { kind: 'subform', dataType: 'subform', module: 'Deal_Lines' }),
      ]),
      module('Deal_Lines', [], { kind: 'subform', typeName: 'DealLines' }),
    ]);
    expect(erDiagram(model)).toBe(['erDiagram', '  Deals ||--o{ DealLines : Lines', '  Deals }o--o| Accounts : Account_x_'].join('\n'));
  });

  it('is undefined when nothing links', () => {
    expect(erDiagram(org([module('Accounts', [])]))).toBeUndefined();
  });
});
