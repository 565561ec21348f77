/**
 * The spec's resources on the client: the tree buildSpecResources makes from runtime/spec-resources.js, with the
 * few hand-written helpers laid over it (users.iterate, org.zgid) — the one list of them is SPEC_HELPERS below,
 * which both attaches them and types them.
 */
import type { ZohoCore } from './core.js';
import { orgHelpers, type OrgHelpers } from './resources/org.js';
import { usersHelpers, type UsersHelpers } from './resources/users.js';
import {
  buildSpecResources,
  type SpecCallInit,
  type SpecOperationRow,
  type SpecResourceNode,
} from './spec-operation.js';

type Method = (init?: SpecCallInit) => Promise<unknown>;

/** Helpers by resource: each receives the resource's generated methods it builds on. */
const SPEC_HELPERS: Readonly<Record<string, (node: SpecResourceNode) => object | undefined>> = {
  users: (node) =>
    typeof node['list'] === 'function' ? usersHelpers(node['list'] as Method) : undefined,
  org: (node) =>
    typeof node['get'] === 'function' ? orgHelpers(node['get'] as Method) : undefined,
};

/** The helpers' types, by resource (`Spec` is the generated SpecResources). */
interface HelperTypes<Spec> {
  users: Spec extends { users: { list: infer L } } ? UsersHelpers<L> : unknown;
  org: OrgHelpers;
}

/** The client's members from the spec's resources (generated SpecResources), helpers included. */
export type SpecClient<Spec> = {
  readonly [K in keyof Spec]: K extends keyof HelperTypes<Spec>
    ? Spec[K] & HelperTypes<Spec>[K]
    : Spec[K];
};

/** The resources of `rows`, helpers attached, by top-level name. */
export function specResources(core: ZohoCore, rows: readonly SpecOperationRow[]): SpecResourceNode {
  const root = buildSpecResources(core, rows);
  for (const [name, node] of Object.entries(root)) {
    const make = Object.hasOwn(SPEC_HELPERS, name) ? SPEC_HELPERS[name] : undefined;
    const helpers = typeof node === 'object' && make !== undefined ? make(node) : undefined;
    if (helpers === undefined || typeof node !== 'object') continue;
    for (const [key, value] of Object.entries(helpers)) {
      if (Object.hasOwn(node, key))
        throw new TypeError(`spec resource ${name}: helper ${key} collides with an operation`);
      Object.defineProperty(node, key, { value, enumerable: false });
    }
  }
  return root;
}
