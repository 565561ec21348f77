/** The record a record action is about: its module from the path, and the record itself, or Zoho's error. */
import type { Context } from './context.ts';
import { error } from './envelopes.ts';
import type { ModuleIndex } from './module-index.ts';
import { recordModule } from './records-common.ts';
import type { ApiRequest, ApiResponse, Rec } from './types.ts';

export function recordTarget(
  req: ApiRequest,
  ctx: Context,
): { index: ModuleIndex; record: Rec } | ApiResponse {
  const m = recordModule(req, ctx.state);
  if (!m.ok) return m.response;
  const id = req.params['id'] ?? '';
  const record = ctx.state.store.get(m.index.apiName, id);
  if (!record)
    return error(400, 'INVALID_DATA', 'the related id given seems to be invalid', {
      id,
      resource_path_index: 1,
    });
  return { index: m.index, record };
}
