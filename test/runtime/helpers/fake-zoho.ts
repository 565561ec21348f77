/**
 * A tiny programmable HTTP server on 127.0.0.1 standing in for Zoho (API + accounts) in runtime tests.
 * Each test sets a handler; every request is recorded with its body.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingMessage['headers'];
  readonly body: string;
}

export type Handler = (req: SeenRequest, res: ServerResponse) => unknown;

export interface FakeZoho {
  readonly url: string;
  readonly requests: SeenRequest[];
  handler: Handler;
  count(pathPrefix: string, method?: string): number;
  close(): Promise<void>;
}

export async function startFakeZoho(handler: Handler = notFound): Promise<FakeZoho> {
  const requests: SeenRequest[] = [];
  const fake: FakeZoho = {
    url: '',
    requests,
    handler,
    count: (prefix, method) =>
      requests.filter(
        (r) => r.path.startsWith(prefix) && (method === undefined || r.method === method),
      ).length,
    close: () => closeServer(server),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? 'GET',
        url: req.url ?? '/',
        path: u.pathname,
        query: u.searchParams,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(seen);
      Promise.resolve(fake.handler(seen, res)).catch((err: unknown) => {
        res.statusCode = 599;
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  (fake as { url: string }).url = `http://127.0.0.1:${port}`;
  return fake;
}

function closeServer(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

export function json(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

export function notFound(_req: SeenRequest, res: ServerResponse): void {
  json(res, 404, {
    code: 'INVALID_URL_PATTERN',
    details: {},
    message: 'Please check if the URL trying to access is a correct one',
    status: 'error',
  });
}

/** Drops the connection without an answer (after the request was read — so it "may have applied"). */
export function reset(res: ServerResponse): void {
  res.socket?.destroy();
}

export const CLIENT = {
  clientId: '1000.CLIENTIDABCDEF',
  clientSecret: 'secret-0123456789abcdef',
  refreshToken: '1000.refresh.0123456789abcdef',
};

/** A Zoho-shaped token response. */
export function tokenBody(
  n: number,
  apiDomain?: string,
  expiresIn = 3600,
): Record<string, unknown> {
  const body: Record<string, unknown> = {
    access_token: `1000.access.${n}.0123456789abcdef`,
    token_type: 'Bearer',
    expires_in: expiresIn,
    scope: 'ZohoCRM.modules.ALL',
  };
  if (apiDomain !== undefined) body['api_domain'] = apiDomain;
  return body;
}
