/**
 * The one way text from metadata (labels, picklist values, api_names — all outside input) enters a
 * comment in generated code. A block comment ends at the first `*\/`; line terminators include
 * U+2028 / U+2029 (ECMA-262 §12.3), and control characters garble editors and diffs.
 */

const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
// C0 and C1 controls except tab and line feed; also bidi overrides that make code read differently
// from how it compiles (CVE-2021-42574, "Trojan Source").
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text safe inside a `/** … *\/` block: newlines normalized to `\n`, tabs to spaces, control and
 * bidi-override characters removed, `*\/` broken as `*\/` so the comment cannot end early,
 * trailing spaces trimmed per line.
 */
export function jsdocText(text: string): string {
  return text
    .replace(LINE_BREAKS, '\n')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(/\*\//g, '*\\/')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .trim();
}

/** A whole JSDoc block for `lines` (each escaped), indented by `indent`. */
export function jsdocBlock(lines: readonly string[], indent = ''): string {
  const body = lines
    .map(jsdocText)
    .join('\n')
    .split('\n')
    .map((l) => (l.length > 0 ? `${indent} * ${l}` : `${indent} *`));
  return `${indent}/**\n${body.join('\n')}\n${indent} */`;
}
