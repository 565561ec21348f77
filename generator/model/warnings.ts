/**
 * How a model warning reads to a person: one line naming the module, the field and what the generator did.
 * The CLI prints one per oddity and a summary counting them; `generate --strict` makes them errors.
 */
import { compareStrings } from '../canonical-json.ts';
import { quoteName as quote } from '../json-reading.ts';
import type { ModelWarning } from './types.ts';

/** `module "Activities" field "Tag": listed 3 times (…): merged into one field`, on one line whatever the names hold. */
export function formatWarning(w: ModelWarning): string {
  const where =
    w.module === undefined ? 'snapshot' : `module ${quote(w.module)}${w.field === undefined ? '' : ` field ${quote(w.field)}`}`;
  return `${where}: ${w.message}`;
}

/** `5 warnings (3 duplicate-field, 2 unknown-data-type)`: what kinds of oddity, and how many of each. */
export function warningSummary(warnings: readonly ModelWarning[]): string {
  const counts = new Map<string, number>();
  for (const w of warnings) counts.set(w.code, (counts.get(w.code) ?? 0) + 1);
  const kinds = [...counts].sort(([a], [b]) => compareStrings(a, b)).map(([code, n]) => `${n} ${code}`);
  return `${warnings.length} warning${warnings.length === 1 ? '' : 's'} (${kinds.join(', ')})`;
}
