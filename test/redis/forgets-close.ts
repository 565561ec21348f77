/**
 * A script that uses a client with `redis` and never calls close(): it must still exit (loading.test.ts).
 * Usage: node --import tsx test/redis/forgets-close.ts <redisUrl> <emulatorUrl> '<credentials json>'
 */
import { ZohoCore } from '../../templates/runtime/core.ts';

const [redisUrl = '', emulatorUrl = '', credentials = '{}'] = process.argv.slice(2);
const core = new ZohoCore({
  auth: JSON.parse(credentials) as { clientId: string; clientSecret: string; refreshToken: string },
  apiDomain: emulatorUrl,
  accountsUrl: emulatorUrl,
  redis: { url: redisUrl },
});
await core.request({
  method: 'GET',
  path: '/crm/v8/Leads',
  query: { fields: 'Last_Name' },
  operation: 'listRecords',
});
process.stdout.write('done\n');
