/**
 * Users (v8 "Users API", GET /crm/v8/users): reached as `crm.users.list(…)`, `crm.users.get(…)`, … like every
 * org-independent operation (spec-operation.ts); this file adds the walk over every page Zoho's list pages through.
 */
import type { PageInfo } from '../pagination.js';
import type { SpecCallInit } from '../spec-operation.js';

/**
 * Users per page at most (v8 "Get Users", https://www.zoho.com/crm/developer/docs/api/v8/get-users.html:
 * `per_page` defaults to and cannot exceed 200). Users are paged by `page` only: no `page_token`.
 */
export const USERS_MAX_PER_PAGE = 200;

type FirstArg<F> = F extends (...args: infer A) => unknown ? A[0] : never;
type UserOf<F> = F extends (...args: never[]) => Promise<infer R>
  ? NonNullable<R> extends { users?: readonly (infer U)[] }
    ? U
    : never
  : never;

/** What `crm.users` has besides the spec's operations; `List` is the type of `crm.users.list`. */
export interface UsersHelpers<List> {
  /**
   * Every user `list` would page through, fetching the next page only when the loop asks for it
   * (`for await (const u of crm.users.iterate({ query: { type: 'ActiveUsers' } }))`).
   */
  iterate(init?: FirstArg<List>): AsyncIterable<UserOf<List>>;
}

interface UsersPage {
  users?: unknown[];
  info?: PageInfo;
}

export function usersHelpers(
  list: (init?: SpecCallInit) => Promise<unknown>,
): UsersHelpers<typeof list> {
  return {
    iterate: (init?: SpecCallInit): AsyncIterable<unknown> => everyUser(list, init),
  };
}

/**
 * Page after page while `info.more_records` says so. Not pagination.ts's paginate: that stops where Get Records
 * stops taking `page` (2,000 records), a limit Zoho documents for records, not for users.
 */
async function* everyUser(
  list: (init?: SpecCallInit) => Promise<unknown>,
  init: SpecCallInit | undefined,
): AsyncGenerator<unknown> {
  const query = init?.query ?? {};
  const perPage = typeof query['per_page'] === 'number' ? query['per_page'] : USERS_MAX_PER_PAGE;
  for (let page = typeof query['page'] === 'number' ? query['page'] : 1; ; page++) {
    const body = (await list({ ...init, query: { ...query, page, per_page: perPage } })) as
      UsersPage | undefined;
    yield* body?.users ?? [];
    if (body?.info?.more_records !== true) return;
  }
}
