/** Helpers shared by the record routes: module resolution, field projection, numeric params. */
import { defineOwn } from '../generator/canonical-json.ts';
import { errors, error } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import type { EmulatorState } from './state.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

export function recordModule(
  req: ApiRequest,
  state: EmulatorState,
): { ok: true; index: ModuleIndex } | { ok: false; response: ApiResponse } {
  const name = req.params['module'] ?? '';
  const index = state.index.find(name);
  if (!index) return { ok: false, response: errors.invalidModule() };
  if (!state.index.recordModules.includes(index.apiName))
    return { ok: false, response: errors.notSupported(index.apiName) };
  return { ok: true, index };
}

/** `fields=` → list, with Zoho's checks: at most 50 names (v8 "Get Records"), each a field of the module. */
export function parseFields(
  req: ApiRequest,
  index: ModuleIndex,
  required: boolean,
): { ok: true; fields: string[] | null } | { ok: false; response: ApiResponse } {
  const raw = req.query.get('fields');
  if (raw === null || raw.trim() === '') {
    return required
      ? { ok: false, response: errors.requiredParam('fields') }
      : { ok: true, fields: null };
  }
  const fields = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
  if (fields.length > 50)
    return { ok: false, response: errors.limitExceeded(50, { param_name: 'fields' }) };
  for (const f of fields) {
    if (f !== 'id' && !index.fields.has(f))
      return {
        ok: false,
        response: error(400, 'INVALID_DATA', 'invalid data', { api_name: f, param_name: 'fields' }),
      };
  }
  return { ok: true, fields };
}

export function project(r: Rec, fields: readonly string[] | null): Record<string, unknown> {
  if (fields === null) return r;
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const v = Object.hasOwn(r, f) ? r[f] : undefined;
    defineOwn(out, f, v === undefined ? null : v);
  }
  out['id'] = r.id;
  return out;
}

/** A positive integer query param with a default and a maximum; INVALID_DATA otherwise. */
export function intParam(
  req: ApiRequest,
  name: string,
  dflt: number,
  max: number,
): { ok: true; value: number } | { ok: false; response: ApiResponse } {
  const raw = req.query.get(name);
  if (raw === null || raw === '') return { ok: true, value: dflt };
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) return { ok: false, response: errors.invalidParam(name) };
  if (n > max) return { ok: false, response: errors.invalidParam(name, { maximum_length: max }) };
  return { ok: true, value: n };
}
