/** Users (v8 "Users API"): GET /crm/v8/users, GET /crm/v8/users/{id}. */
import type { ZohoCore } from '../core.js';
import { NotFoundError } from '../errors.js';
import type { PageInfo } from '../pagination.js';

export type UserType =
  | 'AllUsers'
  | 'ActiveUsers'
  | 'DeactiveUsers'
  | 'ConfirmedUsers'
  | 'NotConfirmedUsers'
  | 'DeletedUsers'
  | 'ActiveConfirmedUsers'
  | 'AdminUsers'
  | 'ActiveConfirmedAdmins'
  | 'CurrentUser';

export interface UsersPage {
  users: Record<string, unknown>[];
  info: PageInfo;
}

export class UsersResource {
  constructor(private readonly core: ZohoCore) {}

  async list(params?: { type?: UserType; page?: number; perPage?: number }): Promise<UsersPage> {
    const body = await this.core.request<UsersPage | undefined>({
      method: 'GET',
      path: '/crm/v8/users',
      query: { type: params?.type, page: params?.page, per_page: params?.perPage },
      operation: 'listUsers',
    });
    return body ?? { users: [], info: { more_records: false, count: 0 } };
  }

  async get(id: string): Promise<Record<string, unknown>> {
    const body = await this.core.request<{ users?: Record<string, unknown>[] } | undefined>({
      method: 'GET',
      path: `/crm/v8/users/${encodeURIComponent(id)}`,
      operation: 'getUser',
    });
    const user = body?.users?.[0];
    if (user === undefined)
      throw new NotFoundError({
        status: 204,
        code: 'USER_NOT_FOUND',
        message: `no user with id ${id}`,
        operation: 'getUser',
      });
    return user;
  }
}
