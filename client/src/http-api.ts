import axios, { type AxiosInstance } from "axios";
import type { z } from "zod";
import { ApiError, toApiError } from "./api-error";
import type { Repeat } from "./retry-policy";
import type { Transport } from "./transport";

/** One request of the API: where it goes, what it carries, the schema its answer must match. */
export interface Call<S extends z.ZodType> {
  readonly method: "GET" | "POST" | "PUT";
  /** Relative to the server URL: "api/agents". */
  readonly path: string;
  readonly response: S;
  readonly repeat: Repeat;
  readonly body?: unknown;
  readonly params?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** This attempt's own limit, when shorter than the client's (sign-out must not hang). */
  readonly timeoutMs?: number;
  /** A browser sends and stores this server's cookies (the remembered sign-in's); only the auth calls that need them. */
  readonly withCookies?: boolean;
}

export interface Answer<T> {
  readonly data: T;
  /** The server's clock (its Date header) when readable; a browser hides it cross-origin. */
  readonly serverDateMs: number | null;
}

/**
 * One attempt of one call over axios: the token as a bearer header, the answer validated
 * against the contract, every failure an ApiError. No retries and no session here.
 */
export class HttpApi {
  private readonly http: AxiosInstance;

  constructor(
    /** Normalized (server-url.ts): origin plus an optional mount path, no trailing slash. */
    readonly serverUrl: string,
    readonly origin: string,
    transport: Transport,
    timeoutMs: number,
  ) {
    this.http = axios.create({
      ...transport.http,
      // A trailing slash keeps the mount path (https://host/handoff/) when joining relative paths.
      baseURL: `${serverUrl}/`,
      timeout: timeoutMs,
      headers: { Accept: "application/json" },
      responseType: "json",
      transitional: { clarifyTimeoutError: true },
    });
  }

  async send<S extends z.ZodType>(call: Call<S>, token: string | null): Promise<Answer<z.infer<S>>> {
    const what = `${call.method} /${call.path}`;
    const headers: Record<string, string> = { ...call.headers };
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let data: unknown;
    let date: unknown;
    try {
      const reply = await this.http.request({
        method: call.method,
        url: call.path,
        // A POST or PUT always carries JSON, "{}" when it has nothing to say: axios's fetch adapter (the
        // browser's) would otherwise send its default form Content-Type with no body, which the server refuses (415).
        data: call.body ?? (call.method === "GET" ? undefined : {}),
        params: call.params,
        headers,
        ...(call.timeoutMs === undefined ? {} : { timeout: call.timeoutMs }),
        ...(call.withCookies === true ? { withCredentials: true } : {}),
      });
      data = typeof reply.data === "string" && reply.data !== "" ? safeJson(reply.data) : reply.data;
      date = reply.headers.date;
    } catch (error) {
      throw toApiError(error, this.origin, what);
    }
    const parsed = call.response.safeParse(data);
    if (!parsed.success) {
      throw new ApiError("bad_response", `The server at ${this.origin} sent an unexpected answer to ${what}; it may run another version than this app. Update the app or ask your administrator.`, 200);
    }
    const serverDateMs = typeof date === "string" ? Date.parse(date) : NaN;
    return { data: parsed.data as z.infer<S>, serverDateMs: Number.isFinite(serverDateMs) ? serverDateMs : null };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
