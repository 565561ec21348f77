/** What handlers receive: the state, the side services, and a way to dispatch a sub-request (composite). */
import type { EmulatorState } from './state.ts';
import type { ApiResponse } from './types.ts';
import type { BulkJobs } from './bulk-jobs.ts';
import type { Channels } from './notifications.ts';
import type { OAuthServer } from './oauth.ts';

export interface SubRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Buffer;
  headers: Record<string, string>;
  scopes: readonly string[];
}

export interface Context {
  state: EmulatorState;
  bulk: BulkJobs;
  channels: Channels;
  oauth: OAuthServer;
  dispatch(sub: SubRequest): Promise<ApiResponse>;
}
