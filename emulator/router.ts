/** A small ordered route table: first pattern that matches the path wins; `:name` segments capture. */
import type { ScopeNeed } from './scopes.ts';
import type { ApiRequest, ApiResponse } from './types.ts';
import type { Context } from './context.ts';

export type Handler = (req: ApiRequest, ctx: Context) => ApiResponse | Promise<ApiResponse>;

export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  pattern: string;
  operationId: string;
  /** Scope the call needs; null = checked inside the handler (composite) or none. */
  scope: ((req: ApiRequest) => ScopeNeed | null) | null;
  handler: Handler;
  /** Counts against the heavy-API sub-concurrency (Zoho "API Limits": COQL, bulk, convert, mass update …). */
  heavy?: boolean;
  /** Takes files: the handler gets the body as a stream (ApiRequest.stream), not read into memory first. */
  streamBody?: boolean;
}

interface Compiled extends RouteDef {
  segments: readonly string[];
}

export type RouteMatch =
  | { kind: 'ok'; route: RouteDef; params: Record<string, string> }
  | { kind: 'method'; operationId: string }
  | { kind: 'none' };

/** A path segment, percent-decoded; null when the encoding is malformed (then no route matches). */
function decode(part: string): string | null {
  try {
    return decodeURIComponent(part);
  } catch {
    return null;
  }
}

export class Router {
  private readonly routes: Compiled[] = [];

  add(...defs: RouteDef[]): this {
    for (const d of defs)
      this.routes.push({ ...d, segments: d.pattern.split('/').filter((s) => s !== '') });
    return this;
  }

  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter((s) => s !== '');
    let pathOnly: Compiled | null = null;
    for (const r of this.routes) {
      if (r.segments.length !== parts.length) continue;
      let params: Record<string, string> | null = {};
      for (let i = 0; i < parts.length; i++) {
        const seg = r.segments[i] as string;
        const part = parts[i] as string;
        if (seg.startsWith(':')) {
          const value = decode(part);
          if (value === null) {
            params = null;
            break;
          }
          params[seg.slice(1)] = value;
        } else if (seg !== part) {
          params = null;
          break;
        }
      }
      if (params === null) continue;
      if (r.method === method) return { kind: 'ok', route: r, params };
      pathOnly ??= r;
    }
    return pathOnly ? { kind: 'method', operationId: pathOnly.operationId } : { kind: 'none' };
  }
}
