import { describe, expect, it } from 'vitest';
import { jsonChunks } from '../../generator/emit/json-chunks.ts';

const proto = JSON.parse('{"__proto__": {"x": [1]}, "b": 2}') as unknown;

describe('jsonChunks', () => {
  const cases: [string, unknown][] = [
    ['scalars', [1, 'two', true, null, -0.5, 1e21]],
    ['empty containers at every depth', { a: {}, b: [], c: { d: { e: {}, f: [] } } }],
    ['deep nesting past the split depth', { paths: { '/x': { get: { responses: { '200': { description: 'ok\nline' } } } } } }],
    ['members JSON.stringify leaves out, array holes it writes as null', { u: undefined, f: () => 1, keep: [undefined, () => 1, 3] }],
    ['toJSON', { when: new Date(0), nested: { when: new Date(1) } }],
    ['a __proto__ key and unicode', { proto, text: '\u2028 é 取引先 "q" \\ </script>' }],
    ['top-level scalars', 'just a string'],
    ['top-level empty array', []],
  ];
  for (const [name, value] of cases) {
    it(`joins to JSON.stringify(value, null, 2): ${name}`, () => {
      expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value, null, 2));
    });
  }

  it('splits a large document into many pieces, none holding the whole', () => {
    const doc = { components: { schemas: Object.fromEntries(Array.from({ length: 200 }, (_, i) => [`S${i}`, { type: 'object', description: 'x'.repeat(100) }])) } };
    const pieces = [...jsonChunks(doc)];
    const whole = JSON.stringify(doc, null, 2);
    expect(pieces.join('')).toBe(whole);
    expect(pieces.length).toBeGreaterThan(200);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(whole.length / 50);
  });
});
