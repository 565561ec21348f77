/**
 * Writes of any size in API-sized chunks, with one result per input record, in input order.
 *
 * Zoho's insert/update/upsert/delete take at most 100 records per call (v8 "Insert Records", "Delete
 * Records") and answer one ActionResult per record in order: `{code, details, message, status}`. A chunk
 * that fails as a whole (400 for the call, a network failure on a create that is not replayed) turns into
 * one failure per record of that chunk — a record is never silently dropped.
 *
 * Per-record results are for per-record outcomes. A failure of the call as a whole — the caller aborted, the
 * token endpoint refused the credentials, Zoho refused the token, scope or permission for every record —
 * rejects the call instead: code that only reads per-record results would otherwise never notice that
 * nothing was written. No further chunk is sent after it; chunks already in flight finish first.
 */
import {
  AuthError,
  isRecord,
  NetworkError,
  PermissionError,
  RequestAbortedError,
  TokenEndpointError,
  ZohoApiError,
} from './errors.js';
import { mayHaveApplied } from './retry.js';

/** Records per write call (v8 limit). */
export const WRITE_CHUNK_SIZE = 100;

export type WriteResult<TRecord = unknown> =
  | {
      ok: true;
      /** Position of the record in the input array. */
      index: number;
      id: string;
      code: string;
      message: string;
      details: Record<string, unknown>;
      /** The input record (or id, for deletes) this result is for. */
      record: TRecord;
    }
  | {
      ok: false;
      index: number;
      code: string;
      message: string;
      details: Record<string, unknown>;
      /** HTTP status when the whole chunk failed. */
      status?: number;
      /**
       * True when the chunk may have been applied although it failed (a reset or timeout after send, a
       * 500/502/504 answer): check before re-sending a create, or re-send it with upsert.
       */
      mayHaveReachedServer?: boolean;
      record: TRecord;
    };

export interface ChunkOptions {
  chunkSize?: number;
  /** Chunks sent at once (each call still waits its turn in the client's limiter). Default 4. */
  parallel?: number;
}

/**
 * Splits `items` into chunks, sends each with `send` (which returns Zoho's `{data: ActionResult[]}` body),
 * and returns one WriteResult per item in input order.
 */
export async function writeInChunks<T>(
  items: readonly T[],
  send: (chunk: readonly T[], offset: number) => Promise<unknown>,
  options: ChunkOptions = {},
): Promise<WriteResult<T>[]> {
  const size = options.chunkSize ?? WRITE_CHUNK_SIZE;
  const results: WriteResult<T>[] = new Array<WriteResult<T>>(items.length);
  const offsets: number[] = [];
  for (let i = 0; i < items.length; i += size) offsets.push(i);
  let next = 0;
  /** A failure of the whole call: set once, stops every worker, then rejects the call. */
  let fatal: { error: unknown } | undefined;
  const worker = async (): Promise<void> => {
    while (fatal === undefined && next < offsets.length) {
      const offset = offsets[next++] as number;
      const chunk = items.slice(offset, offset + size);
      let body: unknown;
      try {
        body = await send(chunk, offset);
      } catch (err) {
        const perRecord = err instanceof ZohoApiError ? actionResults(err.body) : undefined;
        if (perRecord !== undefined && perRecord.length === chunk.length) {
          // e.g. 400 with one error per record when every record of the chunk failed.
          fillFromResults(
            results,
            chunk,
            offset,
            perRecord,
            err instanceof ZohoApiError ? err.status : undefined,
          );
        } else if (failsWholeCall(err)) {
          fatal ??= { error: err };
        } else {
          fillChunkFailure(results, chunk, offset, err);
        }
        continue;
      }
      fillFromResults(results, chunk, offset, actionResults(body) ?? [], undefined);
    }
  };
  const parallel = Math.max(1, Math.min(options.parallel ?? 4, offsets.length));
  await Promise.all(Array.from({ length: parallel }, worker));
  if (fatal !== undefined) throw fatal.error;
  return results;
}

/**
 * Failures that are the same for every record and that no record can fix: the caller gave up, the
 * credentials or token were refused (InvalidClientError for a wrong client secret, InvalidGrantError, a
 * 401), or the token's scope or the user's profile forbids the operation (403, OAUTH_SCOPE_MISMATCH).
 */
function failsWholeCall(err: unknown): boolean {
  return (
    err instanceof RequestAbortedError ||
    err instanceof TokenEndpointError ||
    err instanceof AuthError ||
    err instanceof PermissionError
  );
}

function actionResults(body: unknown): unknown[] | undefined {
  if (!isRecord(body)) return undefined;
  const data = body['data'];
  return Array.isArray(data) ? data : undefined;
}

function fillFromResults<T>(
  results: WriteResult<T>[],
  chunk: readonly T[],
  offset: number,
  data: readonly unknown[],
  status: number | undefined,
): void {
  for (let i = 0; i < chunk.length; i++) {
    const index = offset + i;
    const record = chunk[i] as T;
    const r = data[i];
    if (!isRecord(r)) {
      results[index] = {
        ok: false,
        index,
        code: 'NO_RESULT',
        message: 'Zoho returned no result for this record',
        details: {},
        record,
      };
      continue;
    }
    const code = typeof r['code'] === 'string' ? r['code'] : 'UNKNOWN';
    const message = typeof r['message'] === 'string' ? r['message'] : '';
    const details = isRecord(r['details']) ? r['details'] : {};
    const id = details['id'];
    if (r['status'] === 'success' && (typeof id === 'string' || typeof id === 'number')) {
      results[index] = { ok: true, index, id: String(id), code, message, details, record };
    } else {
      const fail: WriteResult<T> = { ok: false, index, code, message, details, record };
      if (status !== undefined) fail.status = status;
      results[index] = fail;
    }
  }
}

function fillChunkFailure<T>(
  results: WriteResult<T>[],
  chunk: readonly T[],
  offset: number,
  err: unknown,
): void {
  const e = err instanceof ZohoApiError ? err : undefined;
  for (let i = 0; i < chunk.length; i++) {
    const index = offset + i;
    const fail: WriteResult<T> = {
      ok: false,
      index,
      code: e?.code ?? 'UNEXPECTED',
      message: e?.message ?? (err instanceof Error ? err.message : String(err)),
      details: e?.details ?? {},
      record: chunk[i] as T,
    };
    if (e?.status !== undefined) fail.status = e.status;
    if (e instanceof NetworkError) fail.mayHaveReachedServer = e.mayHaveReachedServer;
    // A 500/502/504 to a write that was not replayed: Zoho got it and may have applied part of it.
    else if (e?.status !== undefined && mayHaveApplied(e.status)) fail.mayHaveReachedServer = true;
    results[index] = fail;
  }
}
