/**
 * Bulk read and write (v8 "Bulk Read API", "Bulk Write API"): jobs under /crm/bulk/v8/…, results as a zip
 * holding one CSV. Bulk-write files upload as a zip to Zoho's upload host (`POST /crm/v8/upload`, host chosen
 * in data-centers.ts) with headers `feature: bulk-write` and `X-CRM-ORG: <zgid>` — the org's zgid from the
 * Organization API (v8 "Upload File"); scope ZohoFiles.files.ALL.
 */
import { checkBulkWriteZip, type BulkWriteFileOptions } from '../bulk-write-file.js';
import type { ZohoCore } from '../core.js';
import { isRecord, ValidationError, ZohoApiError } from '../errors.js';
import { fetchZgid } from './org.js';
import { sleep } from '../retry.js';
import { unzipFirstFile, zipCsvRecords, type UnzipOptions } from '../unzip.js';

export type BulkJobStatus = 'ADDED' | 'QUEUED' | 'IN PROGRESS' | 'COMPLETED' | 'FAILED' | string;

export interface BulkReadJob {
  callback?: { url: string; method: 'post' };
  query: {
    module: { api_name: string };
    fields?: readonly string[];
    criteria?: Record<string, unknown>;
    cvid?: string;
    page?: number;
    page_token?: string;
  };
  file_type?: 'csv' | 'ics';
}

export interface BulkWriteJob {
  operation: 'insert' | 'update' | 'upsert';
  ignore_empty?: boolean;
  callback?: { url: string; method: 'post' };
  resource: Record<string, unknown>[];
  character_encoding?: string;
}

interface JobEnvelope {
  data?: Record<string, unknown>[];
  [key: string]: unknown;
}

export interface UploadWriteFileOptions extends BulkWriteFileOptions {
  /** The org's zgid (`X-CRM-ORG`). Default: read once from GET /crm/v8/org and kept for this client. */
  zgid?: string;
  /** The file name Zoho records for the upload; default 'records.zip'. */
  fileName?: string;
}

export class BulkResource {
  /** The org's zgid, fetched on the first upload that does not pass one. */
  private zgid: Promise<string> | undefined;

  constructor(private readonly core: ZohoCore) {}

  /** Creates a bulk read job; returns Zoho's job details (`details.id` is the job id). */
  async read(job: BulkReadJob): Promise<Record<string, unknown>> {
    const body = await this.core.request<JobEnvelope>({
      method: 'POST',
      path: '/crm/bulk/v8/read',
      body: job,
      operation: 'createBulkReadJob',
      heavy: true,
    });
    return firstOf(body);
  }

  /** The job's state (`state`: ADDED, IN PROGRESS, COMPLETED, FAILED) and, when done, `result`. */
  async readStatus(id: string): Promise<Record<string, unknown>> {
    const body = await this.core.request<JobEnvelope>({
      method: 'GET',
      path: `/crm/bulk/v8/read/${encodeURIComponent(id)}`,
      operation: 'getBulkReadJob',
    });
    return firstOf(body);
  }

  /** Polls until the job is COMPLETED (returns it) or FAILED (throws). */
  async waitForRead(
    id: string,
    options?: { intervalMs?: number; timeoutMs?: number; signal?: AbortSignal },
  ): Promise<Record<string, unknown>> {
    const interval = options?.intervalMs ?? 5_000;
    const deadline = Date.now() + (options?.timeoutMs ?? 30 * 60_000);
    for (;;) {
      const job = await this.readStatus(id);
      const state = job['state'];
      if (state === 'COMPLETED') return job;
      if (state === 'FAILED') {
        throw new ZohoApiError({
          code: 'BULK_READ_FAILED',
          message: `bulk read job ${id} failed`,
          details: job,
          operation: 'getBulkReadJob',
        });
      }
      if (Date.now() + interval > deadline) {
        throw new ZohoApiError({
          code: 'BULK_READ_TIMEOUT',
          message: `bulk read job ${id} still ${String(state)} after waiting`,
          details: job,
          operation: 'getBulkReadJob',
        });
      }
      await sleep(interval, options?.signal);
    }
  }

  /** Downloads the result zip and returns the CSV inside, as text (at most 500 MB inflated). */
  async downloadReadResult(id: string): Promise<string> {
    return unzipFirstFile(await this.downloadResultZip(id), '.csv').text;
  }

  /**
   * The result's records one at a time, keyed by the CSV header (field API names), parsed as the zip
   * inflates: memory stays bounded by the zip and the longest row, however large the result.
   */
  async *iterateReadResult(
    id: string,
    options?: UnzipOptions,
  ): AsyncGenerator<Record<string, string>> {
    yield* zipCsvRecords(await this.downloadResultZip(id), { ...options, suffix: '.csv' });
  }

  private async downloadResultZip(id: string): Promise<Uint8Array> {
    const zip = await this.core.request<Uint8Array>({
      method: 'GET',
      path: `/crm/bulk/v8/read/${encodeURIComponent(id)}/result`,
      operation: 'downloadBulkReadResult',
      responseType: 'bytes',
      heavy: true,
    });
    if (!(zip instanceof Uint8Array))
      throw new ZohoApiError({
        code: 'NO_RESULT',
        message: `bulk read job ${id} has no result file`,
        operation: 'downloadBulkReadResult',
      });
    return zip;
  }

  /**
   * Uploads a zip of CSV files for a bulk write and returns its `file_id`. The zip is checked against Zoho's
   * rules first (bulk-write-file.ts: a zip, at most 25 MB, one CSV unless `parentChild`): a file that breaks
   * one is refused here with a ValidationError carrying Zoho's code, and nothing is sent.
   */
  async uploadWriteFile(zip: Uint8Array, options: UploadWriteFileOptions = {}): Promise<string> {
    const operation = 'uploadBulkWriteFile';
    const problem = checkBulkWriteZip(zip, options);
    if (problem !== undefined) {
      const file = options.fileName ?? 'records.zip';
      throw new ValidationError({ ...problem, message: `${file}: ${problem.message}`, operation });
    }
    const zgid = options.zgid ?? (await this.orgZgid());
    const form = new FormData();
    form.append(
      'file',
      // A copy on a plain ArrayBuffer: Blob parts may not be views of a SharedArrayBuffer (TS 5.7+ lib).
      new Blob([new Uint8Array(zip)], { type: 'application/zip' }),
      options.fileName ?? 'records.zip',
    );
    const body = await this.core.request<Record<string, unknown>>({
      method: 'POST',
      path: '/crm/v8/upload',
      host: 'content',
      body: { multipart: form },
      headers: { feature: 'bulk-write', 'X-CRM-ORG': zgid },
      operation,
      heavy: true,
    });
    const details = isRecord(body) && isRecord(body['details']) ? body['details'] : undefined;
    const fileId = details?.['file_id'];
    if (typeof fileId !== 'string')
      throw new ZohoApiError({
        code: 'NO_FILE_ID',
        message: 'upload answered without details.file_id',
        operation,
        body,
      });
    return fileId;
  }

  /** The org's zgid, asked of Zoho once per client; a failed lookup is not kept, so the next upload asks again. */
  private orgZgid(): Promise<string> {
    this.zgid ??= fetchZgid(this.core).catch((err: unknown) => {
      this.zgid = undefined;
      throw err;
    });
    return this.zgid;
  }

  /** Creates a bulk write job; returns Zoho's answer (`details.id` is the job id). */
  async write(job: BulkWriteJob): Promise<Record<string, unknown>> {
    const body = await this.core.request<Record<string, unknown>>({
      method: 'POST',
      path: '/crm/bulk/v8/write',
      body: job,
      operation: 'createBulkWriteJob',
      heavy: true,
    });
    return isRecord(body) ? body : {};
  }

  async writeStatus(id: string): Promise<Record<string, unknown>> {
    const body = await this.core.request<Record<string, unknown>>({
      method: 'GET',
      path: `/crm/bulk/v8/write/${encodeURIComponent(id)}`,
      operation: 'getBulkWriteJob',
    });
    return isRecord(body) ? body : {};
  }
}

function firstOf(body: JobEnvelope | undefined): Record<string, unknown> {
  const first = body?.data?.[0];
  return isRecord(first) ? first : {};
}
