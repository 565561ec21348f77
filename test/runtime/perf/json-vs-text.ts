/**
 * body.json() vs body.text() + JSON.parse on a 200-record Zoho page (run: npx tsx test/runtime/perf/json-vs-text.ts).
 * Measured to choose http.ts's parsing; not a test.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent } from 'undici';

const page = JSON.stringify({
  data: Array.from({ length: 200 }, (_, i) => ({
    id: String(4150868000000000000n + BigInt(i)),
    Last_Name: `Name ${i}`,
    Email: `n${i}@example.com`,
    Lead_Status: 'Contacted',
  })),
  info: { per_page: 200, count: 200, page: 1, more_records: true, next_page_token: 'tok' },
});
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(page);
});
await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const agent = new Agent();

async function run(mode: 'json' | 'text', n: number): Promise<number> {
  const t = performance.now();
  for (let i = 0; i < n; i++) {
    const res = await agent.request({ origin, path: '/crm/v8/Leads', method: 'GET' });
    if (mode === 'json') await res.body.json();
    else JSON.parse(await res.body.text());
  }
  return performance.now() - t;
}
for (let w = 0; w < 2; w++) {
  await run('json', 100);
  await run('text', 100);
}
const totals = { json: 0, text: 0 };
for (let r = 0; r < 5; r++) {
  totals.json += await run('json', 300);
  totals.text += await run('text', 300);
}
console.log(
  `body.json(): ${(totals.json / 5).toFixed(1)} ms / 300 pages; text+JSON.parse: ${(totals.text / 5).toFixed(1)} ms / 300 pages`,
);
await agent.close();
server.close();
