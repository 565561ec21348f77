/**
 * drift: is the committed snapshot still what the live org says? Pulls into memory (never writes),
 * compares canonical bytes, and when they differ explains how: the schema diff that matters to code,
 * plus the modules whose raw metadata changed in ways the types do not show (labels, ids, layouts).
 */
import { buildOrgModel } from '../model/build-org-model.ts';
import { diffModels, formatDiff } from '../model/diff.ts';
import { pullSnapshot, type PullOptions } from '../metadata/pull.ts';
import { readSnapshot, serializeSnapshot } from '../metadata/snapshot.ts';
import type { Snapshot } from '../metadata/snapshot-types.ts';

export interface CheckResult {
  readonly inSync: boolean;
  /** Human-readable; empty when in sync. */
  readonly report: string;
}

export async function checkOrg(
  options: PullOptions & { readonly org: string; readonly snapshotFile: string },
): Promise<CheckResult> {
  const committed = await readSnapshot(options.snapshotFile);
  const live = await pullSnapshot(options);
  return compareSnapshots(options.org, committed, live);
}

export function compareSnapshots(org: string, committed: Snapshot, live: Snapshot): CheckResult {
  if (serializeSnapshot(committed) === serializeSnapshot(live)) return { inSync: true, report: '' };
  const schemaDiff = diffModels(buildOrgModel(committed, { org }), buildOrgModel(live, { org }));
  const explained = new Set(schemaDiff.entries.map((e) => e.module));
  const unexplained = rawChanges(committed, live).filter((name) => !explained.has(name));
  const lines = [`org "${org}" has drifted from its committed snapshot.`];
  if (schemaDiff.entries.length > 0) lines.push('', formatDiff(schemaDiff).trimEnd());
  if (unexplained.length > 0) {
    // Labels, ids, layouts: invisible to the types, visible in JSDoc and the README.
    lines.push('', `Metadata that does not change the types changed for: ${unexplained.join(', ')}`);
  }
  lines.push('', 'Run `zcrm-codegen pull` then `zcrm-codegen generate` and commit the result.');
  return { inSync: false, report: lines.join('\n') };
}

function rawChanges(a: Snapshot, b: Snapshot): string[] {
  const names = new Set([...Object.keys(a.fields), ...Object.keys(b.fields)]);
  const changed: string[] = [];
  if (JSON.stringify(a.modules) !== JSON.stringify(b.modules)) changed.push('the module list');
  for (const name of [...names].sort()) {
    const before = JSON.stringify([a.fields[name], a.related_lists?.[name]]);
    const after = JSON.stringify([b.fields[name], b.related_lists?.[name]]);
    if (before !== after) changed.push(name);
  }
  return changed;
}
