import { isLoopbackHost } from "@handoff/contract/loopback";

/** Where the web bridge keeps which server remembers this browser: a hint, not a secret (the credential is an HttpOnly cookie). */
export const REMEMBERED_AT = "handoff.rememberedAt";

/** A resume request sent before the API client exists, for the client to take as its own. */
export interface EarlyRequest {
  /** What the client will ask for: `${serverUrl}/api/auth/resume`, as a parsed URL's href. */
  readonly url: string;
  readonly response: Promise<Response>;
  readonly abort: (reason: unknown) => void;
}

/**
 * Sends the remembered sign-in's resume the moment the page's script starts, before the rest of it
 * (the contract's schemas, the API client, the store) is evaluated: the server's answer is the
 * longest wait of a reload, and it no longer comes after all that. Sent only where the client would
 * send the same request right after: a plain browser (no desktop bridge) holding the hint. The
 * request is the client's own, byte for byte (the client is axios over fetch: JSON in and out, the
 * cookie included, redirects not followed); the client reads its answer, errors and all
 * (`fetchTakingEarly`), so its rules apply as if it had sent it.
 */
export function sendEarlyResume(win: Window & { handoff?: unknown }): EarlyRequest | null {
  if (win.handoff !== undefined) return null;
  let serverUrl: string | null;
  try {
    serverUrl = win.localStorage.getItem(REMEMBERED_AT);
  } catch {
    return null;
  }
  if (serverUrl === null) return null;
  let url: string;
  try {
    const parsed = new URL(`${serverUrl}/api/auth/resume`);
    // The client refuses plain http off this computer (client/src/secure-transport.ts): so is its early copy, cookie and all.
    if (parsed.protocol !== "https:" && !isLoopbackHost(parsed.hostname)) return null;
    url = parsed.href;
  } catch {
    return null;
  }
  const controller = new AbortController();
  const response = win.fetch(url, {
    method: "POST",
    headers: { Accept: "application/json", "Content-Type": "application/json" },
    body: "{}",
    credentials: "include",
    redirect: "manual",
    signal: controller.signal,
  });
  // Not lost: the client awaits this promise and reports its failure as any failed resume.
  response.catch(() => undefined);
  return { url, response, abort: (reason) => controller.abort(reason) };
}

/**
 * The API client's fetch: for the one call the early request stands for (POST to its URL, once), its
 * answer, aborted if the client gives up on it (timeout); every other call goes to the network.
 */
export function fetchTakingEarly(early: EarlyRequest | null, network: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  let pending = early;
  return (input, init) => {
    if (pending !== null && input instanceof Request && input.method === "POST" && input.url === pending.url) {
      const taken = pending;
      pending = null;
      if (input.signal.aborted) taken.abort(input.signal.reason);
      else input.signal.addEventListener("abort", () => taken.abort(input.signal.reason), { once: true });
      return taken.response;
    }
    return network(input, init);
  };
}
