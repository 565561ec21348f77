/**
 * The runtime's own cost per call, with no network and no server: ZohoCore + ModuleResource.get and
 * bare undici.request both send through the same undici MockAgent, which answers every
 * GET /crm/v8/Leads/{id} at once with a canned Zoho body. What differs is only the client-side work,
 * so the figure is the runtime's overhead in µs per call — the number to hold against a real round
 * trip (loopback ~0.2 ms, Zoho over the internet tens of ms). Optionally profiled (--profile), to
 * say which runtime functions that time is spent in.
 *
 *   npx tsx test/bench/runtime-overhead.ts [--calls 5000] [--rounds 9] [--profile]
 */
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { MockAgent, request } from 'undici';
import { ZohoCore } from '../../templates/runtime/core.ts';
import { ModuleResource } from '../../templates/runtime/module-resource.ts';
import { summarizeProfile, type ProfileSummary } from './cpuprofile-summary.ts';
import { FIELDS } from './runtime-workloads.ts';
import { summarize, table, type Summary } from './stats.ts';

const ORIGIN = 'http://127.0.0.1:9';
const TOKEN = '1000.bench0000000000000000000000000000.bench0000000000000000000000000000';
const BODY = JSON.stringify({
  data: [{ Last_Name: 'Anderson', Email: 'wei.anderson20000@acme.example', Lead_Status: 'Attempted to Contact', id: '5843100000000280000' }],
});

export interface OverheadReport {
  runtime: Summary;
  bare: Summary;
  /** µs per call, medians. */
  runtimeUs: number;
  bareUs: number;
  profile?: { runtime: ProfileSummary; bare: ProfileSummary };
  text: string;
}

function mockAgent(): MockAgent {
  const agent = new MockAgent({ connections: 1 });
  agent.disableNetConnect();
  agent
    .get(ORIGIN)
    .intercept({ path: (p) => p.startsWith('/crm/v8/Leads/'), method: 'GET' })
    .reply(200, BODY, { headers: { 'content-type': 'application/json;charset=UTF-8' } })
    .persist();
  return agent;
}

type Side = (calls: number) => Promise<void>;

function sides(agent: MockAgent): { runtime: Side; bare: Side; close(): Promise<void> } {
  const core = new ZohoCore({ auth: { accessToken: TOKEN }, apiDomain: ORIGIN, dispatcher: agent });
  const leads = new ModuleResource<{ id: string; Last_Name: string; Email: string; Lead_Status: string }, object, object>(core, 'Leads');
  const headers = { authorization: `Zoho-oauthtoken ${TOKEN}`, accept: 'application/json' };
  const query = `?fields=${encodeURIComponent(FIELDS.join(','))}`;
  return {
    runtime: async (calls) => {
      for (let i = 0; i < calls; i++) {
        const row = await leads.get(String(5843100000000280000n + BigInt(i)), { fields: FIELDS });
        if (row.id === '') throw new Error('no id');
      }
    },
    bare: async (calls) => {
      for (let i = 0; i < calls; i++) {
        const res = await request(`${ORIGIN}/crm/v8/Leads/${String(5843100000000280000n + BigInt(i))}${query}`, { headers, dispatcher: agent });
        const body = JSON.parse(await res.body.text()) as { data?: { id: string }[] };
        if (res.statusCode !== 200 || body.data?.[0]?.id === '') throw new Error('bad response');
      }
    },
    close: () => core.close(),
  };
}

async function profiled(fn: () => Promise<void>): Promise<ProfileSummary> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  await fn();
  const { profile } = await session.post('Profiler.stop');
  session.disconnect();
  return summarizeProfile(profile as unknown as Parameters<typeof summarizeProfile>[0], 30);
}

export async function runOverheadBench(options: { calls: number; rounds: number; profile: boolean }): Promise<OverheadReport> {
  const agent = mockAgent();
  const s = sides(agent);
  const times = { runtime: [] as number[], bare: [] as number[] };
  try {
    await s.runtime(1000);
    await s.bare(1000);
    for (let round = 0; round < options.rounds; round++) {
      for (const side of round % 2 === 0 ? (['runtime', 'bare'] as const) : (['bare', 'runtime'] as const)) {
        const t0 = performance.now();
        await s[side](options.calls);
        times[side].push(performance.now() - t0);
      }
    }
    let profile: OverheadReport['profile'];
    if (options.profile) {
      const runtime = await profiled(() => s.runtime(options.calls * 2));
      const bare = await profiled(() => s.bare(options.calls * 2));
      profile = { runtime, bare };
    }
    const runtime = summarize(times.runtime);
    const bare = summarize(times.bare);
    const runtimeUs = (runtime.median * 1000) / options.calls;
    const bareUs = (bare.median * 1000) / options.calls;
    const lines = [
      `Runtime overhead without network (undici MockAgent answers at once), ${options.calls} GETs × ${options.rounds} rounds:`,
      table([
        ['side', 'µs per call (median)', 'IQR µs', 'n'],
        ['runtime (ModuleResource.get)', runtimeUs.toFixed(1), `${((runtime.q1 * 1000) / options.calls).toFixed(1)}–${((runtime.q3 * 1000) / options.calls).toFixed(1)}`, String(runtime.runs)],
        ['bare undici.request', bareUs.toFixed(1), `${((bare.q1 * 1000) / options.calls).toFixed(1)}–${((bare.q3 * 1000) / options.calls).toFixed(1)}`, String(bare.runs)],
      ]),
      `runtime overhead: ${(runtimeUs - bareUs).toFixed(1)} µs per call`,
    ];
    if (profile !== undefined) {
      const perCall = (ms: number): string => ((ms * 1000) / (options.calls * 2)).toFixed(2);
      const keys = [...new Set([...profile.runtime.allSelf.keys(), ...profile.bare.allSelf.keys()])];
      const deltas = keys
        .map((k) => {
          const r = profile.runtime.allSelf.get(k);
          const b = profile.bare.allSelf.get(k);
          const f = r ?? b;
          return { name: f?.name ?? k, where: f?.where ?? '', extra: (r?.ms ?? 0) - (b?.ms ?? 0) };
        })
        .sort((x, y) => y.extra - x.extra)
        .slice(0, 15);
      lines.push(`profile: busy ${perCall(profile.runtime.busyMs)} vs ${perCall(profile.bare.busyMs)} µs per call (runtime vs bare); most extra self time, µs per call:`);
      lines.push(table([['function', 'where', 'extra µs/call'], ...deltas.map((d) => [d.name, d.where, perCall(d.extra)])]));
      const own = profile.runtime.inclusive.filter((f) => f.area === 'runtime (templates/runtime)').slice(0, 10);
      lines.push('runtime functions, inclusive µs per call (includes the undici/mock work they call):');
      lines.push(table([['function', 'where', 'µs/call', '% of busy'], ...own.map((f) => [f.name, f.where, perCall(f.ms), f.percent.toFixed(1)])]));
    }
    return { runtime, bare, runtimeUs, bareUs, ...(profile !== undefined ? { profile } : {}), text: lines.join('\n') };
  } finally {
    await s.close();
    await agent.close();
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({
    options: { calls: { type: 'string', default: '5000' }, rounds: { type: 'string', default: '9' }, profile: { type: 'boolean', default: false } },
  });
  runOverheadBench({ calls: Number(values.calls), rounds: Number(values.rounds), profile: values.profile === true })
    .then((r) => process.stdout.write(`${r.text}\n`))
    .catch((error: unknown) => {
      process.stderr.write(`runtime-overhead: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    });
}
