import type { CreateAxiosDefaults } from "axios";
import { io } from "socket.io-client";

/**
 * The seam between the client and its host: the one thing that differs between
 * Electron main and a browser is how bytes leave. Everything above it (rules for
 * retries, keys, renewal, errors, the real-time link) is the same code.
 */
export interface Transport {
  readonly name: "node" | "browser";
  /** axios settings for this host; the client adds base URL, timeout and headers. */
  readonly http: Pick<CreateAxiosDefaults, "adapter" | "maxRedirects" | "maxContentLength" | "fetchOptions" | "withCredentials" | "withXSRFToken" | "env">;
  /** socket.io-client's io(). */
  readonly connect: typeof io;
}

/** Electron main: Node's http, and no redirects (one would carry the bearer token somewhere we did not choose). */
export const nodeTransport: Transport = {
  name: "node",
  http: { adapter: "http", maxRedirects: 0, maxContentLength: 5 * 1024 * 1024 },
  connect: io,
};

/**
 * The web app: the page's fetch. A redirect is not followed, as in main (the request
 * fails as bad_response). The session token is sent by the client itself, never a cookie: cookies go
 * only with the calls that carry the remembered sign-in (login, resume, logout; `withCookies`).
 * axios's fetch adapter takes credentials from withCredentials alone (it drops fetchOptions.credentials).
 * No XSRF cookie exists here (the API takes a bearer token; resume checks Origin and SameSite), so axios
 * is told not to look: reading document.cookie on every request is a synchronous trip to the browser's cookie store.
 */
export const browserTransport: Transport = {
  name: "browser",
  http: { adapter: "fetch", maxContentLength: 5 * 1024 * 1024, fetchOptions: { redirect: "manual" }, withCredentials: false, withXSRFToken: false },
  connect: io,
};
