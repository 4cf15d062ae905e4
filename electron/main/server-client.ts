import {
  AvailableAgentsResponse,
  CallHistoryResponse,
  DirectoryResponse,
  ErrorBody,
  LoginResponse,
  LogoutResponse,
  RenewResponse,
  SetStatusResponse,
  TransferResponse,
  type AvailableAgent,
  type CallRecord,
  type ChosenStatus,
  type DirectoryEntry,
  type ExecuteTransferRequest,
  type LoginRequest,
  type Presence,
  type Transfer,
} from "@handoff/contract";
import axios, { type AxiosInstance, type Method } from "axios";
import type { z } from "zod";
import { IdempotencyKeys } from "./idempotency-keys";
import { ServerError } from "./server-error";

/**
 * The Handoff server's REST API as typed calls. Bodies are the contract's
 * schemas and answers are validated against them too: a server of another
 * version fails here with a clear message instead of deep in the UI.
 */

export interface ServerClientOptions {
  /** The server's base URL as the agent typed it (http(s), may have a path). */
  baseUrl: string;
  /** The current bearer token; null when signed out. */
  token: () => string | null;
  timeoutMs?: number;
  /** Waits before automatic retries of a transfer whose outcome is unknown. */
  retryDelaysMs?: readonly number[];
  sleep?: (ms: number) => Promise<void>;
  idempotencyKeys?: IdempotencyKeys;
}

interface Call<S extends z.ZodType> {
  method: Method;
  path: string;
  response: S;
  body?: unknown;
  params?: Record<string, string>;
  headers?: Record<string, string>;
  authenticated?: boolean;
}

export class ServerClient {
  readonly origin: string;
  private readonly http: AxiosInstance;
  private readonly keys: IdempotencyKeys;

  constructor(private readonly options: ServerClientOptions) {
    const base = new URL(options.baseUrl);
    if (base.protocol !== "http:" && base.protocol !== "https:") throw new Error(`The server URL must start with http:// or https:// (got ${base.protocol}).`);
    this.origin = base.origin;
    // A trailing slash keeps a base path (https://host/handoff/) when joining relative paths.
    const baseURL = base.href.endsWith("/") ? base.href : `${base.href}/`;
    this.http = axios.create({
      baseURL,
      adapter: "http",
      timeout: options.timeoutMs ?? 10_000,
      // A redirect would carry the bearer token somewhere we did not choose.
      maxRedirects: 0,
      maxContentLength: 5 * 1024 * 1024,
      headers: { Accept: "application/json" },
      transitional: { clarifyTimeoutError: true },
      responseType: "json",
    });
    this.keys = options.idempotencyKeys ?? new IdempotencyKeys();
  }

  async login(body: LoginRequest): Promise<LoginResponse> {
    return this.call({ method: "POST", path: "api/auth/login", body, response: LoginResponse, authenticated: false });
  }

  async renew(): Promise<RenewResponse> {
    return this.call({ method: "POST", path: "api/auth/renew", response: RenewResponse });
  }

  /** Ends the session on the server: its tokens are refused from now on. */
  async logout(): Promise<void> {
    await this.call({ method: "POST", path: "api/auth/logout", response: LogoutResponse });
  }

  async directory(): Promise<DirectoryEntry[]> {
    return (await this.call({ method: "GET", path: "api/agents", response: DirectoryResponse })).agents;
  }

  async availableAgents(search: string): Promise<AvailableAgent[]> {
    const params = search.trim() === "" ? undefined : { search };
    return (await this.call({ method: "GET", path: "api/transfers/available-agents", response: AvailableAgentsResponse, ...(params ? { params } : {}) })).agents;
  }

  async setStatus(status: ChosenStatus): Promise<{ status: ChosenStatus; presence: Presence }> {
    return this.call({ method: "PUT", path: "api/agents/me/status", body: { status }, response: SetStatusResponse });
  }

  /**
   * Starts a transfer. The Idempotency-Key belongs to the action: automatic
   * retries after a network failure reuse it, and so does the agent's own
   * retry of the same request while its outcome is still unknown.
   */
  async executeTransfer(request: ExecuteTransferRequest): Promise<Transfer> {
    const key = this.keys.keyFor(request);
    const delays = this.options.retryDelaysMs ?? [300, 1_000];
    for (let attempt = 0; ; attempt++) {
      try {
        const { transfer } = await this.call({ method: "POST", path: "api/transfers/execute", body: request, headers: { "Idempotency-Key": key }, response: TransferResponse });
        this.keys.settle(request);
        return transfer;
      } catch (error) {
        const unknown = error instanceof ServerError && error.outcomeUnknown;
        const delay = delays[attempt];
        if (unknown && delay !== undefined) {
          await (this.options.sleep ?? sleep)(delay);
          continue;
        }
        if (!unknown) this.keys.settle(request);
        throw error;
      }
    }
  }

  async completeTransfer(id: string): Promise<Transfer> {
    return (await this.call({ method: "POST", path: `api/transfers/${encodeURIComponent(id)}/complete`, response: TransferResponse })).transfer;
  }

  async cancelTransfer(id: string): Promise<Transfer> {
    return (await this.call({ method: "POST", path: `api/transfers/${encodeURIComponent(id)}/cancel`, response: TransferResponse })).transfer;
  }

  async callHistory(): Promise<CallRecord[]> {
    return (await this.call({ method: "GET", path: "api/calls/history", response: CallHistoryResponse })).calls;
  }

  private async call<S extends z.ZodType>({ method, path, response, body, params, headers, authenticated = true }: Call<S>): Promise<z.infer<S>> {
    const requestHeaders: Record<string, string> = { ...headers };
    if (authenticated) {
      const token = this.options.token();
      if (token === null) throw new ServerError("You are signed out. Sign in again.", "signed_out", null);
      requestHeaders.Authorization = `Bearer ${token}`;
    }
    let data: unknown;
    try {
      const reply = await this.http.request({ method, url: path, data: body, params, headers: requestHeaders });
      data = reply.data;
    } catch (error) {
      throw this.mapError(error, method, path);
    }
    const parsed = response.safeParse(data);
    if (!parsed.success) {
      throw new ServerError(`The server at ${this.origin} sent an unexpected answer to ${method} /${path}; it may run another version than this app. Update the app or ask your administrator.`, "bad_response", 200);
    }
    return parsed.data;
  }

  private mapError(error: unknown, method: Method, path: string): ServerError {
    if (!axios.isAxiosError(error)) return new ServerError(`Calling the server failed unexpectedly (${String(error)}). Try again.`, "network", null);
    const status = error.response?.status;
    if (status !== undefined) {
      const body = ErrorBody.safeParse(error.response?.data);
      if (body.success) return new ServerError(body.data.error.message, body.data.error.code, status);
      if (status >= 300 && status < 400) return new ServerError(`The server at ${this.origin} redirected ${method} /${path} elsewhere; check the server URL (https instead of http?).`, "bad_response", status);
      return new ServerError(`The server at ${this.origin} answered ${status} to ${method} /${path} without a Handoff error; check the server URL.`, status >= 500 ? "internal" : "bad_response", status);
    }
    if (error.code === "ETIMEDOUT" || error.code === "ECONNABORTED") {
      return new ServerError(`The Handoff server at ${this.origin} did not answer in time. Check your network and try again.`, "timeout", null);
    }
    const detail = error.code ?? "no answer";
    return new ServerError(`Cannot reach the Handoff server at ${this.origin} (${detail}). Check the server URL and your network, then try again.`, "network", null);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
