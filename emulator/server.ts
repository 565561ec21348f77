/**
 * The HTTP front: node:http, one pipeline per request —
 * route → limits (429) → latency → faults → OAuth check → scope check → handler → response.
 * Every answer is a Zoho envelope; an exception in a handler becomes INTERNAL_ERROR, never a trace.
 */
import { defaultCreditCost } from '../templates/runtime/credit-cost.ts';
import { createReadStream } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Context, SubRequest } from './context.ts';
import { errors } from './envelopes.ts';
import type { Faults } from './faults.ts';
import type { Limits } from './limits.ts';
import type { OAuthServer } from './oauth.ts';
import type { RequestLog } from './request-log.ts';
import type { Router } from './router.ts';
import { scopeAllows } from './scopes.ts';
import type { ApiRequest, ApiResponse } from './types.ts';

const MAX_BODY = 60 * 1024 * 1024;

const GATEWAY_PAGE = (status: number) =>
  `<html><head><title>${status}</title></head><body><center><h1>${status} ${status === 502 ? 'Bad Gateway' : status === 503 ? 'Service Unavailable' : 'Gateway Time-out'}</h1></center><hr><center>ZGS</center></body></html>`;

/** What an injected status fault answers: JSON for 429/500, a gateway's HTML page for 502/503/504. */
function faultResponse(status: number, retryAfterSeconds = 1): ApiResponse {
  if (status === 429) {
    const r = errors.tooManyRequests('Too many requests. Please retry after some time.');
    r.headers = {
      'Retry-After': String(retryAfterSeconds),
      'X-RATELIMIT-LIMIT': '0',
      'X-RATELIMIT-REMAINING': '0',
      'X-RATELIMIT-RESET': String(retryAfterSeconds),
    };
    return r;
  }
  if (status === 500) return errors.internal();
  return { status, text: GATEWAY_PAGE(status), contentType: 'text/html' };
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', () => resolve(null));
  });
}

function send(res: ServerResponse, r: ApiResponse, extra: Record<string, string>): void {
  const headers: Record<string, string | number> = { ...extra, ...r.headers };
  if (r.status === 204 || r.status === 304) {
    res.writeHead(r.status, headers);
    res.end();
    return;
  }
  if (r.file !== undefined) {
    // A stored file (attachment, photo, ZFS file): streamed from disk as the client reads it.
    headers['Content-Type'] = r.contentType ?? 'application/octet-stream';
    headers['Content-Length'] = r.file.size;
    res.writeHead(r.status, headers);
    createReadStream(r.file.path)
      .on('error', () => res.destroy())
      .pipe(res);
    return;
  }
  let body: Buffer;
  if (r.bytes !== undefined) {
    body = Buffer.from(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength);
    headers['Content-Type'] = r.contentType ?? 'application/octet-stream';
  } else if (r.text !== undefined) {
    body = Buffer.from(r.text);
    headers['Content-Type'] = r.contentType ?? 'text/plain;charset=UTF-8';
  } else {
    body = Buffer.from(JSON.stringify(r.json ?? {}));
    headers['Content-Type'] = 'application/json;charset=UTF-8';
  }
  headers['Content-Length'] = body.length;
  res.writeHead(r.status, headers);
  res.end(body);
}

export interface ServerParts {
  router: Router;
  oauth: OAuthServer;
  limits: Limits;
  faults: Faults;
  log: RequestLog;
  context: Omit<Context, 'dispatch'>;
  admin?: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined;
}

export class EmulatorServer {
  readonly http: Server;
  readonly context: Context;

  constructor(private readonly p: ServerParts) {
    this.context = { ...p.context, dispatch: (sub) => this.dispatch(sub) };
    this.http = createServer((req, res) => {
      this.handle(req, res).catch(() => {
        if (!res.headersSent) send(res, errors.internal(), {});
      });
    });
    this.http.keepAliveTimeout = 5_000;
  }

  /** Run one (sub-)request through routing, scope check and handler. Composite uses this directly. */
  async dispatch(sub: SubRequest, stream?: AsyncIterable<Buffer>): Promise<ApiResponse> {
    const m = this.p.router.match(sub.method, sub.path);
    if (m.kind === 'none') return errors.invalidUrl();
    if (m.kind === 'method') return errors.invalidMethod();
    const req: ApiRequest = {
      method: sub.method,
      path: sub.path,
      query: sub.query,
      headers: sub.headers,
      body: sub.body,
      params: m.params,
      scopes: sub.scopes,
    };
    if (stream !== undefined) req.stream = stream;
    const need = m.route.scope?.(req);
    if (need && !scopeAllows(sub.scopes, need)) return errors.scopeMismatch();
    try {
      return await m.route.handler(req, this.context);
    } catch {
      return errors.internal();
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://emulator.local');
    const path = url.pathname;
    const { limits, faults, log, router } = this.p;
    if (this.p.admin !== undefined && path.startsWith('/__admin/')) return this.p.admin(req, res);
    const isOAuth = path === '/oauth/v2/token' || path === '/oauth/v2/token/revoke';
    const match = isOAuth ? null : router.match(method, path);
    const operationId = isOAuth
      ? path.endsWith('/revoke')
        ? 'revokeToken'
        : 'getToken'
      : match?.kind === 'ok'
        ? match.route.operationId
        : match?.kind === 'method'
          ? match.operationId
          : 'unknown';
    let status = 0;
    const finish = () =>
      log.add({
        time: started,
        method,
        path,
        operationId,
        status,
        durationMs: Date.now() - started,
      });

    // A route that takes files reads its body itself, as a stream (RouteDef.streamBody).
    const streamBody = match?.kind === 'ok' && match.route.streamBody === true;
    const body = streamBody ? Buffer.alloc(0) : await readBody(req);
    let admitted = false;
    let extraHeaders: Record<string, string> = {};
    const heavy = match?.kind === 'ok' && match.route.heavy === true;
    if (!isOAuth) {
      const a = limits.admit(heavy, creditsFor(operationId, body));
      if (!a.ok) {
        status = a.response.status;
        send(res, a.response, {});
        finish();
        return;
      }
      admitted = true;
      extraHeaders = a.headers;
    }
    try {
      const delay = faults.latency(method, path, operationId);
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      const fault = faults.take(method, path, operationId);
      if (fault?.kind === 'reset-before-apply') {
        req.socket.destroy();
        return;
      }
      if (fault?.kind === 'status') {
        const r = faultResponse(fault.status, fault.retryAfterSeconds);
        status = r.status;
        send(res, r, extraHeaders);
        return;
      }
      let response: ApiResponse;
      if (body === null) response = errors.malformedBody();
      else if (isOAuth) response = this.oauthCall(method, path, url.searchParams, req, body);
      else response = await this.apiCall(method, path, url.searchParams, req, body, streamBody);
      if (fault?.kind === 'reset-after-apply') {
        req.socket.destroy();
        return;
      }
      status = response.status;
      send(res, response, extraHeaders);
    } finally {
      if (admitted) limits.release(heavy);
      finish();
    }
  }

  private oauthCall(
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    body: Buffer,
  ): ApiResponse {
    if (method !== 'POST') return errors.invalidMethod();
    const params = new URLSearchParams(query);
    const ct = req.headers['content-type'] ?? '';
    if (body.length > 0 && (ct.includes('application/x-www-form-urlencoded') || ct === '')) {
      for (const [k, v] of new URLSearchParams(body.toString('utf8'))) params.set(k, v);
    }
    return path.endsWith('/revoke')
      ? this.p.oauth.handleRevoke(params)
      : this.p.oauth.handleToken(params);
  }

  private async apiCall(
    method: string,
    path: string,
    query: URLSearchParams,
    req: IncomingMessage,
    body: Buffer,
    streamBody = false,
  ): Promise<ApiResponse> {
    const auth = this.p.oauth.authenticate(req.headers.authorization);
    if (!auth.ok) return auth.missing ? errors.authFailure() : errors.invalidToken();
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k] = v;
    const sub = { method, path, query, body, headers, scopes: auth.scopes };
    return this.dispatch(sub, streamBody ? req : undefined);
  }
}

/** What Zoho charges for this call (templates/runtime/credit-cost.ts, the runtime's one table). */
function creditsFor(operationId: string, body: Buffer | null): number {
  if (operationId !== 'coqlQuery' || body === null)
    return defaultCreditCost({ operation: operationId });
  try {
    return defaultCreditCost({
      operation: operationId,
      body: JSON.parse(body.toString('utf8')) as unknown,
    });
  } catch {
    return 1; // a malformed COQL body is refused later; Zoho still counts the call
  }
}
