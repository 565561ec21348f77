/** Instant notifications (v8 "Notification APIs"): /crm/v8/actions/watch. */
import type { ZohoCore } from '../core.js';

export interface NotificationChannel {
  channel_id: string | number;
  events: readonly string[];
  notify_url: string;
  token?: string;
  channel_expiry?: string;
  return_affected_field_values?: boolean;
  [key: string]: unknown;
}

export class NotificationsResource {
  constructor(private readonly core: ZohoCore) {}

  enable(watch: readonly NotificationChannel[]): Promise<unknown> {
    return this.core.request({
      method: 'POST',
      path: '/crm/v8/actions/watch',
      body: { watch },
      operation: 'enableNotifications',
      idempotent: false,
    });
  }

  list(params?: {
    channelId?: string;
    module?: string;
    page?: number;
    perPage?: number;
  }): Promise<unknown> {
    return this.core.request({
      method: 'GET',
      path: '/crm/v8/actions/watch',
      query: {
        channel_id: params?.channelId,
        module: params?.module,
        page: params?.page,
        per_page: params?.perPage,
      },
      operation: 'listNotifications',
    });
  }

  update(watch: readonly NotificationChannel[]): Promise<unknown> {
    return this.core.request({
      method: 'PUT',
      path: '/crm/v8/actions/watch',
      body: { watch },
      operation: 'updateNotifications',
    });
  }

  disable(channelIds: readonly (string | number)[]): Promise<unknown> {
    return this.core.request({
      method: 'DELETE',
      path: '/crm/v8/actions/watch',
      query: { channel_ids: channelIds },
      operation: 'disableNotifications',
    });
  }
}
