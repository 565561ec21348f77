/**
 * Rough local measurement of runtime overhead vs bare undici.request (not a test; run with
 * `npx tsx test/runtime/perf/measure.ts`). The project benchmark lives in test/bench.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { ZohoCore } from '../../../templates/runtime/core.ts';
import { ModuleResource } from '../../../templates/runtime/module-resource.ts';

const TOTAL = 20_000;
const PER_PAGE = 200;
const pages: string[] = [];
for (let p = 0; p < TOTAL / PER_PAGE; p++) {
  const data = Array.from({ length: PER_PAGE }, (_, i) => ({
    id: String(4150868000000000000n + BigInt(p * PER_PAGE + i)),
    Last_Name: `Name ${i}`,
    Email: `n${i}@example.com`,
    Lead_Status: 'Contacted',
  }));
  const end = (p + 1) * PER_PAGE;
  pages.push(
    JSON.stringify({
      data,
      info: {
        per_page: PER_PAGE,
        count: PER_PAGE,
        page: p + 1,
        more_records: end < TOTAL,
        next_page_token: end < TOTAL ? `tok-${end}` : null,
      },
    }),
  );
}
const server = createServer((req, res) => {
  const u = new URL(req.url ?? '/', 'http://x');
  const token = u.searchParams.get('page_token');
  const idx =
    token !== null
      ? Number(token.slice(4)) / PER_PAGE
      : Number(u.searchParams.get('page') ?? 1) - 1;
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(pages[idx]);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function bare(dispatcher: Agent): Promise<number> {
  let n = 0;
  let page = 1;
  let token: string | undefined;
  for (;;) {
    const q = token === undefined ? `page=${page}` : `page_token=${token}`;
    const res = await request(`${origin}/crm/v8/Leads?fields=Last_Name%2CEmail&per_page=200&${q}`, {
      dispatcher,
      headers: { authorization: 'Zoho-oauthtoken x' },
    });
    const body = (await res.body.json()) as {
      data: unknown[];
      info: { more_records: boolean; next_page_token: string | null };
    };
    for (const _ of body.data) n++;
    if (!body.info.more_records) break;
    if ((page + 1) * 200 > 2000) token = body.info.next_page_token ?? undefined;
    page++;
  }
  return n;
}

async function runtime(core: ZohoCore): Promise<number> {
  const leads = new ModuleResource<
    { id: string; Last_Name: string; Email: string },
    object,
    object
  >(core, 'Leads');
  let n = 0;
  for await (const _ of leads.iterate({ fields: ['Last_Name', 'Email'] })) n++;
  return n;
}

async function time(fn: () => Promise<unknown>, rounds: number): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? 0;
}

const agent = new Agent({ keepAliveTimeout: 4000 });
const core = new ZohoCore({
  auth: { accessToken: 'x' },
  apiDomain: origin,
  dispatcher: new Agent({ keepAliveTimeout: 4000 }),
});
const single = new Agent({ keepAliveTimeout: 4000 });
for (let w = 0; w < 3; w++) {
  await bare(agent);
  await runtime(core);
}
const ROUNDS = 15;
let tb = 0;
let tr = 0;
for (let i = 0; i < 3; i++) {
  tb += await time(() => bare(agent), ROUNDS);
  tr += await time(() => runtime(core), ROUNDS);
}
console.log(
  `iterate 20k: bare ${(tb / 3).toFixed(1)} ms, runtime ${(tr / 3).toFixed(1)} ms, ratio ${(tr / tb).toFixed(3)}`,
);

const getBare = () =>
  request(`${origin}/crm/v8/Leads?fields=Last_Name&page=1`, {
    dispatcher: single,
    headers: { authorization: 'Zoho-oauthtoken x' },
  }).then((r) => r.body.json());
const getRt = () =>
  core.request({
    method: 'GET',
    path: '/crm/v8/Leads',
    query: { fields: 'Last_Name', page: 1 },
    operation: 'listRecords',
  });
const loop = (fn: () => Promise<unknown>) => async () => {
  for (let i = 0; i < 200; i++) await fn();
};
let gb = 0;
let gr = 0;
for (let i = 0; i < 3; i++) {
  gb += await time(loop(getBare), 5);
  gr += await time(loop(getRt), 5);
}
console.log(
  `single GET x200: bare ${(gb / 3).toFixed(1)} ms, runtime ${(gr / 3).toFixed(1)} ms, ratio ${(gr / gb).toFixed(3)}`,
);
await core.close();
await agent.close();
await single.close();
server.close();
