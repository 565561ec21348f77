/**
 * Recursive-descent parser for the COQL SELECT statement (syntax only; names are resolved in coql.ts).
 *
 *   query     := SELECT item (',' item)* FROM ident [WHERE cond] [GROUP BY path (',' path)*]
 *                [ORDER BY order (',' order)*] [LIMIT int [(',' | OFFSET) int]] [OFFSET int]
 *   item      := (path | FN '(' path ')') [AS ident]          FN = COUNT | SUM | MAX | MIN | AVG
 *   order     := (path | FN '(' path ')' | alias) [ASC | DESC]
 *   cond      := andCond (OR andCond)*    andCond := term (AND term)*
 *   term      := '(' cond ')' | predicate
 *   predicate := path cmp value | path [NOT] IN '(' value (',' value)* ')'
 *              | path [NOT] BETWEEN value AND value | path IS [NOT] NULL | path [NOT] LIKE string
 *   value     := string | number | TRUE | FALSE | ident   (Zoho's own samples leave picklist values bare)
 *
 * `LIMIT a, b` is offset a, count b (Zoho: "limit <offset>, <count>").
 */
import { CoqlError, syntaxError } from './coql-errors.ts';
import { tokenize, type Token } from './coql-lexer.ts';

export type AggregateFn = 'COUNT' | 'SUM' | 'MAX' | 'MIN' | 'AVG';
export const AGGREGATE_FNS: readonly AggregateFn[] = ['COUNT', 'SUM', 'MAX', 'MIN', 'AVG'];

export interface PathRef {
  /** The path as written, segments joined by '.'. */
  readonly text: string;
  readonly segments: readonly string[];
  readonly token: Token;
}

export interface SelectItem {
  readonly path: PathRef;
  readonly aggregate?: AggregateFn;
  readonly alias?: string;
  readonly token: Token;
}

export type Literal =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'bare'; readonly value: string };

export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Predicate =
  | {
      readonly kind: 'compare';
      readonly path: PathRef;
      readonly op: Comparator;
      readonly value: Literal;
    }
  | {
      readonly kind: 'in';
      readonly path: PathRef;
      readonly negated: boolean;
      readonly values: readonly Literal[];
    }
  | {
      readonly kind: 'between';
      readonly path: PathRef;
      readonly negated: boolean;
      readonly low: Literal;
      readonly high: Literal;
    }
  | { readonly kind: 'null'; readonly path: PathRef; readonly negated: boolean }
  | {
      readonly kind: 'like';
      readonly path: PathRef;
      readonly negated: boolean;
      readonly pattern: string;
    };

export type Condition =
  | { readonly kind: 'and' | 'or'; readonly children: readonly Condition[] }
  | { readonly kind: 'predicate'; readonly predicate: Predicate };

export interface OrderItem {
  readonly path: PathRef;
  readonly aggregate?: AggregateFn;
  readonly descending: boolean;
}

export interface LimitClause {
  readonly token: Token;
  readonly value: string;
}

export interface SelectQuery {
  readonly select: readonly SelectItem[];
  readonly module: string;
  readonly moduleToken: Token;
  readonly where?: Condition;
  readonly groupBy: readonly PathRef[];
  readonly orderBy: readonly OrderItem[];
  readonly limit?: LimitClause;
  readonly offset?: LimitClause;
}

/** Ours: parentheses deeper than this are refused (Zoho allows 25 criteria; this is far beyond). */
const MAX_NESTING = 64;

const RESERVED = new Set([
  'select',
  'from',
  'where',
  'and',
  'or',
  'not',
  'in',
  'like',
  'between',
  'is',
  'null',
  'order',
  'group',
  'by',
  'limit',
  'offset',
  'asc',
  'desc',
  'as',
]);

export function parseCoql(query: string): SelectQuery {
  return new CoqlParser(tokenize(query)).parseQuery();
}

class CoqlParser {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  parseQuery(): SelectQuery {
    const first = this.peek();
    if (!this.isKeyword(first, 'select')) {
      // Zoho answers any statement but SELECT this way.
      syntaxError('given coql query not supported', {});
    }
    this.next();
    const select = this.commaList(() => this.selectItem());

    if (!this.acceptKeyword('from')) this.unexpected();
    const moduleToken = this.next();
    if (moduleToken.kind !== 'ident') this.unexpected(moduleToken);

    let where: Condition | undefined;
    if (this.acceptKeyword('where')) {
      where = this.condition(0);
    } else if (this.peek().kind === 'eof' || this.isClauseStart(this.peek())) {
      // Zoho: the WHERE clause is mandatory in a COQL query.
      syntaxError('missing clause', { clause: 'where' });
    } else {
      this.unexpected();
    }

    let groupBy: PathRef[] = [];
    if (this.acceptKeyword('group')) {
      this.expectKeyword('by');
      groupBy = this.commaList(() => this.path());
    }

    let orderBy: OrderItem[] = [];
    if (this.acceptKeyword('order')) {
      this.expectKeyword('by');
      orderBy = this.commaList(() => this.orderItem());
    }

    let limit: LimitClause | undefined;
    let offset: LimitClause | undefined;
    if (this.acceptKeyword('limit')) {
      const a = this.limitValue();
      if (this.acceptPunct(',')) {
        offset = a;
        limit = this.limitValue();
      } else {
        limit = a;
      }
    }
    if (offset === undefined && this.acceptKeyword('offset')) {
      offset = this.limitValue();
    }
    if (this.peek().kind !== 'eof') this.unexpected();
    return {
      select,
      module: moduleToken.text,
      moduleToken,
      where,
      groupBy,
      orderBy,
      limit,
      offset,
    };
  }

  private selectItem(): SelectItem {
    const token = this.peek();
    const fn = this.aggregateAhead();
    let item: SelectItem;
    if (fn !== undefined) {
      item = { path: this.aggregateArgument(), aggregate: fn, token };
    } else {
      item = { path: this.path(), token };
    }
    if (this.acceptKeyword('as')) {
      const alias = this.next();
      if (alias.kind !== 'ident' && alias.kind !== 'string') this.unexpected(alias);
      return { ...item, alias: alias.text };
    }
    return item;
  }

  /** `FN ( path )` — the function name token is next. */
  private aggregateArgument(): PathRef {
    this.next();
    this.expectPunct('(');
    const path = this.path();
    this.expectPunct(')');
    return path;
  }

  private orderItem(): OrderItem {
    const fn = this.aggregateAhead();
    const path = fn !== undefined ? this.aggregateArgument() : this.path();
    let descending = false;
    if (this.acceptKeyword('desc')) descending = true;
    else this.acceptKeyword('asc');
    return fn !== undefined ? { path, aggregate: fn, descending } : { path, descending };
  }

  /**
   * An aggregate function name directly followed by '(' (else it is just a field called COUNT).
   * Zoho answers an unknown function with INVALID_DATA "unsupported aggregate function".
   */
  private aggregateAhead(): AggregateFn | undefined {
    const t = this.peek();
    const after = this.tokens[this.i + 1];
    if (t.kind !== 'ident' || after?.kind !== 'punct' || after.text !== '(') return undefined;
    const upper = t.text.toUpperCase();
    const fn = AGGREGATE_FNS.find((f) => f === upper);
    if (fn !== undefined) return fn;
    this.next();
    this.next();
    const path = this.path();
    throw new CoqlError('INVALID_DATA', 'invalid data', {
      reason: 'unsupported aggregate function',
      column: `${t.text}(${path.text})`,
    });
  }

  private path(): PathRef {
    const token = this.next();
    if (token.kind !== 'ident' || RESERVED.has(token.text.toLowerCase())) this.unexpected(token);
    const segments = [token.text];
    while (this.acceptPunct('.')) {
      const seg = this.next();
      if (seg.kind !== 'ident') this.unexpected(seg);
      segments.push(seg.text);
    }
    return { text: segments.join('.'), segments, token };
  }

  /**
   * Two criteria at most per level of brackets: Zoho refuses `A and B and C` and asks for pairs,
   * `((A and B) and C)` ("Query API - Limitations"; Kaizen #171 "FAQs on COQL API", question 2).
   * The error body is ours: Zoho's for this case is not documented.
   */
  private condition(depth: number): Condition {
    const first = this.term(depth);
    let op: 'and' | 'or' | undefined;
    if (this.acceptKeyword('and')) op = 'and';
    else if (this.acceptKeyword('or')) op = 'or';
    if (op === undefined) return first;
    const second = this.term(depth);
    if (this.isKeyword(this.peek(), 'and') || this.isKeyword(this.peek(), 'or')) {
      syntaxError('error occured while parsing the query', {
        reason: 'more than two criteria without brackets: group them in pairs, as ((A and B) and C)',
      });
    }
    return flatten(op, [first, second]);
  }

  private term(depth: number): Condition {
    if (this.acceptPunct('(')) {
      if (depth >= MAX_NESTING) syntaxError('error occured while parsing the query', { near: '(' });
      const inner = this.condition(depth + 1);
      this.expectPunct(')');
      return inner;
    }
    return { kind: 'predicate', predicate: this.predicate() };
  }

  private predicate(): Predicate {
    const path = this.path();
    const t = this.next();
    if (t.kind === 'punct' && ['=', '!=', '<>', '<', '<=', '>', '>='].includes(t.text)) {
      const op = (t.text === '<>' ? '!=' : t.text) as Comparator;
      return { kind: 'compare', path, op, value: this.literal() };
    }
    if (t.kind !== 'ident') this.unexpected(t);
    const word = t.text.toLowerCase();
    if (word === 'is') {
      const negated = this.acceptKeyword('not');
      this.expectKeyword('null');
      return { kind: 'null', path, negated };
    }
    let negated = false;
    let op = word;
    if (word === 'not') {
      negated = true;
      const nextWord = this.next();
      if (nextWord.kind !== 'ident') this.unexpected(nextWord);
      op = nextWord.text.toLowerCase();
      if (op !== 'in' && op !== 'between' && op !== 'like') {
        syntaxError('operator not supported', { operator: `not ${nextWord.text}` });
      }
    }
    if (op === 'in') {
      this.expectPunct('(');
      const values = this.commaList(() => this.literal());
      this.expectPunct(')');
      return { kind: 'in', path, negated, values };
    }
    if (op === 'between') {
      const low = this.literal();
      this.expectKeyword('and');
      const high = this.literal();
      return { kind: 'between', path, negated, low, high };
    }
    if (op === 'like') {
      const pattern = this.next();
      if (pattern.kind !== 'string') this.unexpected(pattern);
      return { kind: 'like', path, negated, pattern: pattern.text };
    }
    return syntaxError('operator not supported', { operator: t.text });
  }

  private literal(): Literal {
    const t = this.next();
    if (t.kind === 'string') return { kind: 'string', value: t.text };
    if (t.kind === 'number') return { kind: 'number', value: t.text };
    if (t.kind === 'ident') {
      const lower = t.text.toLowerCase();
      if (lower === 'true' || lower === 'false')
        return { kind: 'boolean', value: lower === 'true' };
      if (RESERVED.has(lower)) this.unexpected(t);
      return { kind: 'bare', value: t.text };
    }
    return this.unexpected(t);
  }

  /** LIMIT/OFFSET take any single token here; coql.ts checks the value (Zoho: "limit given seems to be invalid"). */
  private limitValue(): LimitClause {
    const t = this.next();
    if (t.kind === 'eof' || t.kind === 'punct') this.unexpected(t);
    return { token: t, value: t.text };
  }

  private commaList<T>(item: () => T): T[] {
    const items = [item()];
    while (this.acceptPunct(',')) items.push(item());
    return items;
  }

  private isClauseStart(t: Token): boolean {
    return (
      t.kind === 'ident' && ['group', 'order', 'limit', 'offset'].includes(t.text.toLowerCase())
    );
  }

  private isKeyword(t: Token, word: string): boolean {
    return t.kind === 'ident' && t.text.toLowerCase() === word;
  }

  private acceptKeyword(word: string): boolean {
    if (this.isKeyword(this.peek(), word)) {
      this.i++;
      return true;
    }
    return false;
  }

  private expectKeyword(word: string): void {
    if (!this.acceptKeyword(word)) this.unexpected();
  }

  private acceptPunct(p: string): boolean {
    const t = this.peek();
    if (t.kind === 'punct' && t.text === p) {
      this.i++;
      return true;
    }
    return false;
  }

  private expectPunct(p: string): void {
    if (!this.acceptPunct(p)) this.unexpected();
  }

  private peek(): Token {
    return this.tokens[this.i] as Token;
  }

  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.i++;
    return t;
  }

  private where(t: Token): { line: number; column: number; near: string } {
    return { line: t.line, column: t.column, near: t.kind === 'eof' ? '<end of query>' : t.text };
  }

  private unexpected(t: Token = this.peek()): never {
    return syntaxError('unexpected token', this.where(t));
  }
}

function flatten(kind: 'and' | 'or', parts: readonly Condition[]): Condition {
  const children: Condition[] = [];
  for (const p of parts) {
    if (p.kind === kind) children.push(...p.children);
    else children.push(p);
  }
  return { kind, children };
}
