/**
 * Metadata (v8 "Modules API", "Fields Metadata", "Layouts", "Custom Views", "Related Lists"):
 * GET /crm/v8/settings/… — the same bodies the generator's snapshot stores.
 */
import type { ZohoCore } from '../core.js';

export class MetadataResource {
  constructor(private readonly core: ZohoCore) {}

  modules(): Promise<{ modules: Record<string, unknown>[] }> {
    return this.get('/crm/v8/settings/modules', {}, 'listModules', 'modules');
  }

  fields(
    module: string,
    params?: { type?: 'all' | 'unused' },
  ): Promise<{ fields: Record<string, unknown>[] }> {
    return this.get(
      '/crm/v8/settings/fields',
      { module, type: params?.type },
      'listFields',
      'fields',
    );
  }

  layouts(module: string): Promise<{ layouts: Record<string, unknown>[] }> {
    return this.get('/crm/v8/settings/layouts', { module }, 'listLayouts', 'layouts');
  }

  customViews(module: string): Promise<{ custom_views: Record<string, unknown>[] }> {
    return this.get('/crm/v8/settings/custom_views', { module }, 'listCustomViews', 'custom_views');
  }

  relatedLists(module: string): Promise<{ related_lists: Record<string, unknown>[] }> {
    return this.get(
      '/crm/v8/settings/related_lists',
      { module },
      'listRelatedLists',
      'related_lists',
    );
  }

  private async get<K extends string>(
    path: string,
    query: Record<string, string | undefined>,
    operation: string,
    key: K,
  ): Promise<{ [P in K]: Record<string, unknown>[] }> {
    const body = await this.core.request<Record<string, unknown> | undefined>({
      method: 'GET',
      path,
      query,
      operation,
    });
    const list = body?.[key];
    return { [key]: Array.isArray(list) ? list : [] } as { [P in K]: Record<string, unknown>[] };
  }
}
