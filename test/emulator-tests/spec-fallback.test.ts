import { beforeAll, describe, expect, it } from 'vitest';
import { loadSpec } from '../../generator/openapi/load-spec.ts';
import { buildRouter } from '../../emulator/routes.ts';
import { resolveOperation, samplePath, specOperations } from '../../emulator/spec-fallback.ts';
import type { SpecOperation } from '../../emulator/spec-fallback.ts';
import { call, useEmulator, type EmulatorSession } from './helpers.ts';
import { SpecValidator } from './spec-validator.ts';

let s: EmulatorSession;
useEmulator({}, (x) => (s = x));

let all: SpecOperation[];
let unserved: SpecOperation[];
let validator: SpecValidator;
beforeAll(async () => {
  const doc = await loadSpec();
  const routes = buildRouter();
  all = specOperations(doc);
  // "Without a handler": the emulator's own routes do not send the operation's URL to that operation.
  unserved = all.filter((op) => {
    const m = routes.match(op.method, samplePath(op));
    return !(m.kind === 'ok' && m.route.operationId === op.operationId);
  });
  validator = await SpecValidator.load();
});

const send = (op: SpecOperation) => {
  const path = samplePath(op);
  const body =
    op.method === 'POST' || op.method === 'PUT' || op.method === 'PATCH' ? { body: {} } : {};
  const c = s.crm;
  return { GET: c.get, POST: c.post, PUT: c.put, PATCH: c.patch, DELETE: c.del }[op.method](
    path,
    body,
  );
};

describe('spec operations without an emulator handler', () => {
  it('are each reached by their sample URL (so every one is exercised below)', () => {
    const astray = all.filter(
      (op) => resolveOperation(all, op.method, samplePath(op))?.op.operationId !== op.operationId,
    );
    expect(astray.map((op) => `${op.operationId} ${samplePath(op)}`)).toEqual([]);
  });

  it('include the areas the emulator does not model, not the ones it does', () => {
    const ids = unserved.map((o) => o.operationId);
    expect(ids).toEqual(
      expect.arrayContaining([
        'listFeatures',
        'createUser',
        'listUserTerritories',
        'mergeRecords',
        'listCurrencies',
        'getDataBackupUrls',
      ]),
    );
    expect(ids).not.toContain('listRecords');
    expect(ids).not.toContain('getOrg');
  });

  it('each answer 2xx with the documented shape', async () => {
    const problems: string[] = [];
    for (const op of unserved) {
      const r = await send(op);
      if (r.status < 200 || r.status > 299)
        problems.push(`${op.operationId}: ${r.status} ${r.text.slice(0, 120)}`);
      else problems.push(...validator.check(op.method, samplePath(op), r));
    }
    expect(problems).toEqual([]);
  });

  it('answer on the most concrete URL Zoho documents, before the generic module routes', async () => {
    // /crm/v8/users/{id}/territories would otherwise be a related list "territories" of a record of module "users".
    const r = await s.crm.get('/crm/v8/users/4150868000000225013/territories');
    expect(r.status).toBe(200);
    expect(Array.isArray(r.json['territories'])).toBe(true);
  });

  it('leave served operations to their handlers', async () => {
    // listRecords is served: its handler still asks for `fields` (the fallback would have answered 200).
    const r = await s.crm.get('/crm/v8/Leads');
    expect(r.status).toBe(400);
    expect(r.json['code']).toBe('REQUIRED_PARAM_MISSING');
  });

  it('still require a valid access token', async () => {
    const r = await call(s.emu, '1000.not-a-token', 'GET', '/crm/v8/__features');
    expect(r.status).toBe(401);
  });
});
