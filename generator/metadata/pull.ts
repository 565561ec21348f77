/**
 * pull: live org → snapshot. Fetches GET /crm/v8/settings/modules, then for every API-supported module
 * (subform and linking modules included: they type subforms and multi-select lookups)
 * GET /crm/v8/settings/fields?module=X, and for standard and custom modules
 * GET /crm/v8/settings/related_lists?module=X (Zoho documents related lists for those only).
 * Everything goes through the same runtime the generated clients use, so auth, retries and the
 * concurrency cap behave exactly as they will in production.
 */
import { ZohoCore, ZohoApiError, type ClientOptions } from '../../templates/runtime/index.js';
import { isObject, nonEmptyString, own } from '../json-reading.ts';
import { canonicalizeSnapshot, validateSnapshot } from './snapshot.ts';
import type { Snapshot, ZohoField, ZohoModule, ZohoRelatedList } from './snapshot-types.ts';

export interface PullProgress {
  readonly done: number;
  readonly total: number;
  readonly step: string;
}

export interface PullOptions {
  readonly client: ClientOptions | ZohoCore;
  readonly onProgress?: (progress: PullProgress) => void;
  readonly signal?: AbortSignal;
}

export class PullError extends Error {
  override name = 'PullError';
  constructor(
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

const RELATED_LIST_KINDS = new Set(['default', 'custom']);

export async function pullSnapshot(options: PullOptions): Promise<Snapshot> {
  const core = options.client instanceof ZohoCore ? options.client : new ZohoCore(options.client);
  const ownsCore = !(options.client instanceof ZohoCore);
  try {
    const modulesBody = await get<{ modules?: ZohoModule[] }>(
      core,
      '/crm/v8/settings/modules',
      {},
      'listModules',
      'the module list',
      options.signal,
    );
    if (!modulesBody || !Array.isArray(modulesBody.modules)) {
      throw new PullError('GET /crm/v8/settings/modules answered without a "modules" array');
    }
    // Entries are untrusted: one without an api_name cannot be asked about (the model warns about it).
    const supported = (modulesBody.modules as unknown[]).flatMap((m) =>
      isObject(m) && own(m, 'api_supported') !== false && nonEmptyString(own(m, 'api_name')) !== undefined ? [m as ZohoModule] : [],
    );
    const apiNames = [...new Set(supported.map((m) => m.api_name))];
    const withRelated = [...new Set(supported.filter((m) => RELATED_LIST_KINDS.has(typeof m.generated_type === 'string' ? m.generated_type : 'default')).map((m) => m.api_name))];
    const total = apiNames.length + withRelated.length + 1;
    let done = 1;
    const tick = (step: string): void => options.onProgress?.({ done: ++done, total, step });
    options.onProgress?.({ done, total, step: 'modules' });

    // Requests are issued together; the runtime's concurrency cap decides how many are in flight.
    const fieldsEntries = apiNames.map(async (name) => {
      const body = await get<{ fields?: ZohoField[] }>(
        core,
        '/crm/v8/settings/fields',
        { module: name },
        'listFields',
        `the fields of module ${JSON.stringify(name)}`,
        options.signal,
      );
      tick(`fields ${name}`);
      // Zoho answers 204 (no body) for a module without fields.
      return [name, body ?? { fields: [] }] as const;
    });
    const relatedEntries = withRelated.map(async (name) => {
      const body = await get<{ related_lists?: ZohoRelatedList[] }>(
        core,
        '/crm/v8/settings/related_lists',
        { module: name },
        'listRelatedLists',
        `the related lists of module ${JSON.stringify(name)}`,
        options.signal,
      );
      tick(`related lists ${name}`);
      return [name, body ?? { related_lists: [] }] as const;
    });
    const [fields, related] = await Promise.all([
      Promise.all(fieldsEntries),
      Promise.all(relatedEntries),
    ]);
    const snapshot: Snapshot = {
      modules: modulesBody as Snapshot['modules'],
      fields: Object.fromEntries(fields) as Snapshot['fields'],
      related_lists: Object.fromEntries(related) as NonNullable<Snapshot['related_lists']>,
    };
    // What generate would refuse (nesting past the bound, …) is refused here, before anything is written,
    // so a pull never leaves a snapshot that generate and check cannot read.
    validateSnapshot(snapshot, 'the pulled metadata');
    return canonicalizeSnapshot(snapshot);
  } finally {
    if (ownsCore) await core.close();
  }
}

async function get<T>(
  core: ZohoCore,
  path: string,
  query: Record<string, string>,
  operation: string,
  what: string,
  signal: AbortSignal | undefined,
): Promise<T | undefined> {
  try {
    return await core.request<T | undefined>({
      method: 'GET',
      path,
      query,
      operation,
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    throw new PullError(`could not read ${what}: ${explain(error)}`, error);
  }
}

/** Turns the errors users actually hit into the next step to take. */
function explain(error: unknown): string {
  if (error instanceof ZohoApiError) {
    const base = `${error.code ?? 'HTTP ' + error.status}: ${error.message}`;
    switch (error.code) {
      case 'OAUTH_SCOPE_MISMATCH':
        return `${base} — the token lacks a metadata scope; grant ZohoCRM.settings.modules.READ, ZohoCRM.settings.fields.READ and ZohoCRM.settings.related_lists.READ (or ZohoCRM.settings.ALL)`;
      case 'INVALID_TOKEN':
        return `${base} — the access token was refused; check that the refresh token belongs to this data center`;
      case 'NO_PERMISSION':
        return `${base} — the CRM user behind the token may not read this metadata; use an administrator's token`;
      default:
        return base;
    }
  }
  return error instanceof Error ? error.message : String(error);
}
