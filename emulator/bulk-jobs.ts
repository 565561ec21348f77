/**
 * Bulk job bookkeeping. A job is ADDED/QUEUED at once, IN PROGRESS after QUEUE_MS and COMPLETED
 * after DONE_MS (Zoho runs them asynchronously; clients must poll or take the callback).
 */
export const QUEUE_MS = 100;
export const DONE_MS = 300;

export type JobState = 'QUEUED' | 'IN PROGRESS' | 'COMPLETED' | 'FAILED';

export interface ReadJob {
  id: string;
  createdAt: number;
  createdTime: string;
  query: Record<string, unknown>;
  fileType: string;
  callback: Record<string, unknown> | null;
  /** Filled when the job completes. */
  result: { zip: Uint8Array; count: number } | null;
  failed: boolean;
}

export interface WriteResourceResult {
  module: string;
  fieldMappings: unknown;
  fileName: string;
  added: number;
  updated: number;
  skipped: number;
  total: number;
}

export interface WriteJob {
  id: string;
  createdAt: number;
  createdTime: string;
  operation: string;
  resource: Record<string, unknown>[];
  callback: Record<string, unknown> | null;
  result: { zip: Uint8Array; resources: WriteResourceResult[] } | null;
  failed: boolean;
}

export interface UploadedFile {
  id: string;
  name: string;
  csv: string;
  createdTime: string;
}

export class BulkJobs {
  readonly reads = new Map<string, ReadJob>();
  readonly writes = new Map<string, WriteJob>();
  readonly files = new Map<string, UploadedFile>();
  private readonly timers = new Set<NodeJS.Timeout>();

  state(job: { createdAt: number; result: unknown; failed: boolean }): JobState {
    if (job.failed) return 'FAILED';
    if (job.result !== null) return 'COMPLETED';
    return Date.now() - job.createdAt < QUEUE_MS ? 'QUEUED' : 'IN PROGRESS';
  }

  schedule(
    fn: () => void | Promise<void>,
    ms: number,
    onError: () => void = () => undefined,
  ): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      // A failing job must never take the server down.
      Promise.resolve().then(fn).catch(onError);
    }, ms);
    t.unref();
    this.timers.add(t);
  }

  close(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }
}
