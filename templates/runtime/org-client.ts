/**
 * The client object every generated `createClient` returns: one ModuleResource per module accessor, the
 * client-level resources, the typed `request` escape hatch, `module(apiName)` and `close()`. The
 * generated client.js only names its modules (accessor → API name) and calls this; its client.d.ts
 * gives the object the org's types. One implementation for every org, tested here once.
 */
import { ZohoCore, type ClientOptions } from './core.js';
import { ModuleResource } from './module-resource.js';
import { BulkResource } from './resources/bulk.js';
import { CompositeResource } from './resources/composite.js';
import { CoqlResource } from './resources/coql.js';
import { FilesResource } from './resources/files.js';
import { NotificationsResource } from './resources/notifications.js';
import { specResources } from './spec-client.js';
import type { SpecOperationRow } from './spec-operation.js';
import { createTypedRequest, type TypedRequest } from './typed-request.js';

/**
 * What every client has besides its modules, `coql` and `request`. Not generic and extending nothing: the
 * generated `Client` extends this and the spec's SpecClientMembers, and declares `coql` (typed by the org's
 * module map) and `request` (typed by the spec's `paths`) itself, so that it extends only plain interfaces.
 * TypeScript then treats the Client as having no `this` type and resolves its members as declared; a generic
 * or aliased base gives it one, and every check — every keystroke in the user's editor — instantiates all its
 * members for it again (about 0.3 ms, a thirtieth, of a completion after an edit on a 200-module org).
 */
export interface ClientServices {
  /** Bulk read and bulk write jobs (/crm/bulk/v8/…). */
  readonly bulk: BulkResource;
  /** Composite requests (POST /crm/v8/__composite_requests), sent in chunks of at most 5. */
  readonly composite: CompositeResource;
  /** Instant notifications (/crm/v8/actions/watch). */
  readonly notifications: NotificationsResource;
  /** The Files API (/crm/v8/files): upload files to Zoho's file store and get them back by id. */
  readonly files: FilesResource;
  /** Releases connections; the client is unusable afterwards. */
  close(): Promise<void>;
}

/**
 * The object createOrgClient builds, before the generated client.d.ts types it for the org: `Paths` types
 * `request`, `TMap` (the org's module map) types `coql`. The spec's org-independent operations (`users`,
 * `org`, `settings`, …) come on top (spec-client.ts).
 */
export interface ClientResources<Paths, TMap extends object = {}> extends ClientServices {
  readonly coql: CoqlResource<TMap>;
  readonly request: TypedRequest<Paths>;
}

/** [accessor, module API name] pairs, as the generated client.js lists them (names decided by the generator). */
export type ModuleAccessors = readonly (readonly [accessor: string, apiName: string])[];

type AnyModule = ModuleResource<{ id: string }, object, object>;

/**
 * Builds the client. Accessors are own, read-only properties (a module called `__proto__` or
 * `constructor` stays a plain accessor); `module(name)` answers only the org's own API names.
 */
export function createOrgClient(
  options: ClientOptions,
  accessors: ModuleAccessors,
  specOperations: readonly SpecOperationRow[] = [],
): ClientResources<unknown> & {
  module(apiName: string): AnyModule;
} {
  const core = new ZohoCore(options);
  const byApiName = new Map<string, AnyModule>();
  const client = {
    coql: new CoqlResource(core),
    bulk: new BulkResource(core),
    composite: new CompositeResource(core),
    notifications: new NotificationsResource(core),
    files: new FilesResource(core),
    request: createTypedRequest<unknown>(core),
    module(apiName: string): AnyModule {
      const found = byApiName.get(apiName);
      if (found === undefined) throw new TypeError(`unknown module ${JSON.stringify(apiName)}`);
      return found;
    },
    close: (): Promise<void> => core.close(),
  };
  for (const [name, resource] of Object.entries(specResources(core, specOperations))) {
    if (Object.hasOwn(client, name))
      throw new TypeError(`spec resource ${JSON.stringify(name)} collides with a client member`);
    Object.defineProperty(client, name, { value: resource, enumerable: true });
  }
  for (const [accessor, apiName] of accessors) {
    if (Object.hasOwn(client, accessor))
      throw new TypeError(
        `module accessor ${JSON.stringify(accessor)} collides with a client member`,
      );
    const resource: AnyModule = new ModuleResource(core, apiName);
    byApiName.set(apiName, resource);
    Object.defineProperty(client, accessor, { value: resource, enumerable: true });
  }
  return client;
}
