/**
 * The one way metadata text (labels, picklist values, api_names) enters Markdown: inert text that
 * cannot open HTML, links, emphasis or code, nor split a table cell (`|`) or a row (newlines).
 */

const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
const CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const HTML: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
// The ASCII punctuation (CommonMark §2.4) that can open inline syntax mid-line — emphasis, code,
// links, strikethrough — plus `|`, which GFM tables split on even inside code spans. Block syntax
// (`-`, `+`, `1.`) only acts at the start of a line, and this text is never first on its line.
const MARKDOWN_SPECIALS = /[\\`*_[\]|~#]/g;

/** One line of inert Markdown text (safe in a paragraph, heading or table cell). */
export function mdText(text: string): string {
  return text
    .replace(LINE_BREAKS, ' ')
    .replace(/\t/g, ' ')
    .replace(CONTROLS, '')
    .replace(/[&<>]/g, (c) => HTML[c] ?? c)
    .replace(MARKDOWN_SPECIALS, (c) => `\\${c}`)
    .trim();
}

/** An identifier-like name as a code span when that is safe, else as inert text. */
export function mdName(name: string): string {
  return /^[A-Za-z0-9_$]+$/.test(name) ? `\`${name}\`` : mdText(name);
}
