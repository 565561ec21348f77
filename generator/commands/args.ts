/**
 * The one argument parser of every command: node's own `util.parseArgs` (no dependency), strict, over a
 * command's declared options. Every command gets `--help`/`-h` and `--no-color`; an unknown option is a
 * UsageError naming the nearest valid one; the help text is built from the same declaration, so the
 * options a command accepts and the options its help lists cannot drift apart.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from './io.ts';

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** The value's placeholder in help (`--org NAME`). */
  readonly value?: string;
  readonly description: string;
}

export interface CommandSpec {
  readonly name: string;
  /** One line for the command list. */
  readonly summary: string;
  /** The synopsis after `zcrm-codegen <name>`. */
  readonly synopsis: string;
  /** Paragraphs under the synopsis. */
  readonly description: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments: how many at least and at most, and what a missing one is called. */
  readonly positionals?: { readonly min: number; readonly max: number; readonly missing: string };
  readonly examples: readonly string[];
}

export type OptionValues = Readonly<Record<string, string | boolean | undefined>>;

export interface ParsedArgs {
  readonly values: OptionValues;
  readonly positionals: readonly string[];
  readonly help: boolean;
  readonly noColor: boolean;
}

/** Options every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'show this help and exit' },
  'no-color': {
    type: 'boolean',
    description: 'no colour even on a terminal (NO_COLOR does the same)',
  },
};

export function parseCommandArgs(spec: CommandSpec, args: readonly string[]): ParsedArgs {
  const all = { ...spec.options, ...COMMON_OPTIONS };
  const options: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(all)) {
    options[name] = o.short === undefined ? { type: o.type } : { type: o.type, short: o.short };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(describeParseError(error, Object.keys(all)));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  const help = values['help'] === true;
  const noColor = values['no-color'] === true;
  const positionals = parsed.positionals;
  if (!help) {
    const p = spec.positionals ?? { min: 0, max: 0, missing: '' };
    if (positionals.length > p.max) {
      throw new UsageError(`unexpected argument ${JSON.stringify(positionals[p.max])}`);
    }
    if (positionals.length < p.min) throw new UsageError(p.missing);
    for (const [name, o] of Object.entries(spec.options)) {
      if (o.type === 'string' && values[name] === '')
        throw new UsageError(`--${name} needs a value`);
    }
  }
  return { values, positionals, help, noColor };
}

/** parseArgs' messages, made short, with the nearest valid option suggested for an unknown one. */
function describeParseError(error: unknown, known: readonly string[]): string {
  const text = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown }).code;
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const given = /'(-{1,2}[^']*)'/.exec(text)?.[1] ?? '';
    const name = given.replace(/^-+/, '').split('=')[0] ?? '';
    const near = nearest(name, known);
    return `Unknown option '${given}'${near === undefined ? '' : ` (did you mean --${near}?)`}`;
  }
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    // "Option '-o, --org <value>' argument missing" / "Option '--json' does not take an argument"
    const name = /'(?:-\w, )?(--[\w-]+)[^']*'/.exec(text)?.[1];
    if (name !== undefined && /argument missing/.test(text)) return `${name} needs a value`;
    if (name !== undefined) return `${name} takes no value`;
  }
  return text.split('. ')[0] ?? text;
}

/** The candidate closest to `word` by edit distance, when it is close enough to be a likely typo. */
export function nearest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(word) && word.length >= 2 ? 1 : editDistance(word, c);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  return bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/** Levenshtein distance, one row at a time. */
function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(
        prev[j]! + 1,
        row[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    prev = row;
  }
  return prev[b.length]!;
}

/** `zcrm-codegen <name> --help`: synopsis, description, every option, examples. */
export function formatHelp(spec: CommandSpec): string {
  const all = { ...spec.options, ...COMMON_OPTIONS };
  const labels = Object.entries(all).map(([name, o]) => {
    const short = o.short === undefined ? '    ' : `-${o.short}, `;
    return [
      `${short}--${name}${o.value === undefined ? '' : ` ${o.value}`}`,
      o.description,
    ] as const;
  });
  const width = Math.max(...labels.map(([l]) => l.length));
  return [
    `Usage: zcrm-codegen ${spec.name} ${spec.synopsis}`.trimEnd(),
    '',
    spec.description,
    '',
    'Options:',
    ...labels.map(([l, d]) => `  ${l.padEnd(width)}  ${d}`),
    '',
    spec.examples.length > 1 ? 'Examples:' : 'Example:',
    ...spec.examples.map((e) => `  ${e}`),
    '',
  ].join('\n');
}
