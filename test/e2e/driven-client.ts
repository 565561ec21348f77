/**
 * The slice of a generated client the end-to-end test drives, typed from the runtime it is copied
 * from (templates/runtime). The client itself is generated at test time into a temp folder, so its
 * own types are not visible to this file; these shapes say what the test relies on.
 */
import type {
  BulkResource,
  ClientOptions,
  CompositeResource,
  CoqlResource,
  ListParams,
  ModuleResource,
  NotFoundError,
  RecordPage,
} from '../../templates/runtime/index.ts';

export interface LeadRow {
  readonly id: string;
  Last_Name?: string | null;
  First_Name?: string | null;
  Email?: string | null;
  Company?: string | null;
  Phone?: string | null;
  Lead_Status?: string | null;
}

/** Loose on purpose: the batch test sends records the generated types would reject. */
export type LooseInput = Record<string, unknown>;

export type Row = { id: string } & Record<string, unknown>;

export interface DrivenClient {
  readonly leads: ModuleResource<LeadRow, LooseInput, LooseInput>;
  readonly accounts: ModuleResource<Row, LooseInput, LooseInput, { Contacts: Row }>;
  readonly coql: CoqlResource;
  readonly bulk: BulkResource;
  readonly composite: CompositeResource;
  /** The typed escape hatch, called here with spec paths; its types are proven in test/types. */
  request(
    method: 'GET',
    path: string,
    init?: { params?: { path?: Record<string, string>; query?: Record<string, string> } },
  ): Promise<unknown>;
  module(apiName: string): unknown;
  close(): Promise<void>;
}

export interface GeneratedClientModule {
  createClient(options: ClientOptions): DrivenClient;
  readonly NotFoundError: typeof NotFoundError;
}
