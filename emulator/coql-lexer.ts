/**
 * COQL tokenizer. Keywords are not case-sensitive (Zoho: "SELECT is the same as select"), so the
 * lexer emits plain identifiers and the parser compares them case-insensitively.
 * String literals use single quotes; a quote inside is written `\'` or `''`, a backslash `\\`.
 */
import { syntaxError } from './coql-errors.ts';

export type TokenKind = 'ident' | 'number' | 'string' | 'punct' | 'eof';

export interface Token {
  readonly kind: TokenKind;
  /** The source text (for strings: the unescaped value). */
  readonly text: string;
  readonly pos: number;
  readonly line: number;
  readonly column: number;
}

const PUNCT = ['!=', '<>', '<=', '>=', '=', '<', '>', '(', ')', ',', '.', '*'] as const;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let pos = 0;
  let line = 1;
  let lineStart = 0;

  const at = (start: number): { line: number; column: number } => ({
    line,
    column: start - lineStart + 1,
  });

  while (pos < query.length) {
    const c = query[pos] as string;
    if (c === '\n') {
      pos++;
      line++;
      lineStart = pos;
      continue;
    }
    if (/\s/.test(c)) {
      pos++;
      continue;
    }
    const start = pos;
    if (/[A-Za-z_$]/.test(c)) {
      while (pos < query.length && /[A-Za-z0-9_$]/.test(query[pos] as string)) pos++;
      tokens.push({ kind: 'ident', text: query.slice(start, pos), pos: start, ...at(start) });
      continue;
    }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(query[pos + 1] ?? ''))) {
      pos++;
      while (pos < query.length && /[0-9]/.test(query[pos] as string)) pos++;
      if (query[pos] === '.' && /[0-9]/.test(query[pos + 1] ?? '')) {
        pos++;
        while (pos < query.length && /[0-9]/.test(query[pos] as string)) pos++;
      }
      if (/[A-Za-z_$]/.test(query[pos] ?? '')) {
        syntaxError('unexpected token', { ...at(start), near: query.slice(start, pos + 1) });
      }
      tokens.push({ kind: 'number', text: query.slice(start, pos), pos: start, ...at(start) });
      continue;
    }
    if (c === "'") {
      const startAt = at(start);
      pos++;
      let value = '';
      let closed = false;
      while (pos < query.length) {
        const ch = query[pos] as string;
        if (ch === '\\' && pos + 1 < query.length) {
          value += query[pos + 1];
          pos += 2;
          continue;
        }
        if (ch === "'") {
          if (query[pos + 1] === "'") {
            value += "'";
            pos += 2;
            continue;
          }
          pos++;
          closed = true;
          break;
        }
        if (ch === '\n') {
          line++;
          lineStart = pos + 1;
        }
        value += ch;
        pos++;
      }
      if (!closed)
        syntaxError('unexpected token', { ...startAt, near: query.slice(start, start + 20) });
      tokens.push({ kind: 'string', text: value, pos: start, ...startAt });
      continue;
    }
    const punct = PUNCT.find((p) => query.startsWith(p, pos));
    if (punct !== undefined) {
      pos += punct.length;
      tokens.push({ kind: 'punct', text: punct, pos: start, ...at(start) });
      continue;
    }
    syntaxError('unexpected token', { ...at(start), near: c });
  }
  tokens.push({ kind: 'eof', text: '', pos, ...at(pos) });
  return tokens;
}
