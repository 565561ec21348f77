/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went: self time per function,
 * inclusive time per function (each function counted once per sample, so recursion does not
 * double-count), and self time per area (the runtime templates, undici, node internals, GC, idle).
 *
 * Each sample weighs the profile's typical sampling interval (the median time delta), not its own
 * time delta: when the OS deschedules the thread on a loaded machine, the next sample carries the
 * whole wait and would charge it to whatever native frame was on top (socket writes, mostly).
 * Counting samples approximates on-CPU time instead of wall time.
 */
import { readFile } from 'node:fs/promises';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface FunctionTime {
  name: string;
  where: string;
  area: string;
  ms: number;
  percent: number;
}

export interface ProfileSummary {
  /** Self time per function, all of them (for comparing two profiles). */
  allSelf: Map<string, { name: string; where: string; area: string; ms: number }>;
  /** Sampled time excluding (idle). */
  busyMs: number;
  idleMs: number;
  self: FunctionTime[];
  inclusive: FunctionTime[];
  areas: { area: string; ms: number; percent: number }[];
}

/** Which part of the stack a frame belongs to. */
export function areaOf(url: string, name: string): string {
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'GC';
  if (name === '(program)') return 'V8/native (program)';
  if (url.includes('/templates/runtime/')) return 'runtime (templates/runtime)';
  if (url.includes('/node_modules/undici/')) return 'undici';
  if (url.includes('/test/bench/')) return 'benchmark code';
  if (url.includes('/node_modules/tsx/') || url.includes('/node_modules/esbuild/')) return 'tsx loader';
  if (url.startsWith('node:') || url === '') return 'node internals / native';
  return 'other';
}

function shortUrl(url: string): string {
  const i = url.lastIndexOf('/work/main/');
  const u = i >= 0 ? url.slice(i + '/work/main/'.length) : url;
  return u.replace(/^file:\/\//, '');
}

export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const deltas = [...profile.timeDeltas].sort((a, b) => a - b);
  const interval = Math.max(1, deltas[Math.floor(deltas.length / 2)] ?? 1);
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const key = (n: ProfileNode): string => `${n.callFrame.functionName || '(anonymous)'}\u0000${n.callFrame.url}:${n.callFrame.lineNumber + 1}`;

  const self = new Map<string, number>();
  const incl = new Map<string, number>();
  const areas = new Map<string, number>();
  let idleUs = 0;
  let busyUs = 0;
  profile.samples.forEach((id, i) => {
    const dt = interval;
    const node = byId.get(id);
    if (node === undefined) return;
    const area = areaOf(node.callFrame.url, node.callFrame.functionName);
    if (area === 'idle') {
      idleUs += dt;
      return;
    }
    busyUs += dt;
    self.set(key(node), (self.get(key(node)) ?? 0) + dt);
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: ProfileNode | undefined = node; cur !== undefined; cur = byId.get(parent.get(cur.id) ?? -1)) {
      const k = key(cur);
      if (seen.has(k) || cur.callFrame.functionName === '(root)') continue;
      seen.add(k);
      incl.set(k, (incl.get(k) ?? 0) + dt);
    }
  });
  const rows = (m: Map<string, number>): FunctionTime[] =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([k, us]) => {
        const [name = '', where = ''] = k.split('\u0000');
        return { name, where: shortUrl(where), area: areaOf(where, name), ms: us / 1000, percent: (100 * us) / busyUs };
      });
  const allSelf = new Map<string, { name: string; where: string; area: string; ms: number }>();
  for (const [k, us] of self) {
    const [name = '', where = ''] = k.split('\u0000');
    allSelf.set(`${name} ${shortUrl(where)}`, { name, where: shortUrl(where), area: areaOf(where, name), ms: us / 1000 });
  }
  return {
    allSelf,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    self: rows(self),
    inclusive: rows(incl),
    areas: [...areas].sort((a, b) => b[1] - a[1]).map(([area, us]) => ({ area, ms: us / 1000, percent: (100 * us) / busyUs })),
  };
}

export async function readProfile(file: string): Promise<CpuProfile> {
  return JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
}
