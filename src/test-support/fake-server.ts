import { AxiosError, AxiosHeaders, type AxiosAdapter, type InternalAxiosRequestConfig } from "axios";

export interface SeenRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

type Reply = { status: number; body: unknown };
type Route = (request: SeenRequest) => Reply;

/**
 * A Handoff server in-process, behind axios's adapter interface, for renderer
 * tests that run the real API client without a socket (the renderer has no
 * Node: the client's own suite uses a real server, in client/test). Routes
 * answer like the real one (bodies, error shape); every request is kept.
 */
export class FakeServer {
  readonly requests: SeenRequest[] = [];
  private readonly routes = new Map<string, Route>();

  on(method: string, path: string, route: Route | Reply): this {
    this.routes.set(`${method.toUpperCase()} ${path}`, typeof route === "function" ? route : () => route);
    return this;
  }

  seen(method: string, path: string): SeenRequest[] {
    return this.requests.filter((request) => request.method === method.toUpperCase() && request.url === path);
  }

  readonly adapter: AxiosAdapter = async (config: InternalAxiosRequestConfig) => {
    const url = new URL(config.url ?? "", config.baseURL);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(AxiosHeaders.from(config.headers).toJSON())) headers[name.toLowerCase()] = String(value);
    const request: SeenRequest = {
      method: (config.method ?? "get").toUpperCase(),
      url: url.pathname + (config.params === undefined ? "" : `?${new URLSearchParams(config.params as Record<string, string>).toString()}`),
      headers,
      body: typeof config.data === "string" ? (JSON.parse(config.data) as unknown) : config.data,
    };
    this.requests.push(request);
    const route = this.routes.get(`${request.method} ${url.pathname}`);
    const reply: Reply = route === undefined ? { status: 404, body: { error: { code: "not_found", message: `No route ${request.method} ${url.pathname}` } } } : route(request);
    const response = { data: JSON.stringify(reply.body), status: reply.status, statusText: String(reply.status), headers: { "content-type": "application/json" }, config, request: {} };
    if (reply.status >= 400) throw new AxiosError(`Request failed with status code ${reply.status}`, AxiosError.ERR_BAD_REQUEST, config, {}, response);
    return response;
  };
}

/** A Storage that remembers every key written, to prove what may and may not persist. */
export class MemoryStorage implements Storage {
  private readonly items = new Map<string, string>();
  readonly written: string[] = [];
  get length(): number {
    return this.items.size;
  }
  clear(): void {
    this.items.clear();
  }
  getItem(key: string): string | null {
    return this.items.get(key) ?? null;
  }
  key(index: number): string | null {
    return [...this.items.keys()][index] ?? null;
  }
  removeItem(key: string): void {
    this.items.delete(key);
  }
  setItem(key: string, value: string): void {
    this.written.push(key);
    this.items.set(key, value);
  }
}
