import { browserTransport, HandoffClient } from "@handoff/client";
import { io } from "socket.io-client";
import { describe, expect, it } from "vitest";
import { MemoryStorage } from "../test-support/fake-server";
import { fetchTakingEarly, REMEMBERED_AT, sendEarlyResume, type EarlyRequest } from "./early-resume";

const SERVER = "https://server.test:8080";
const AGENT = { id: "a-1", name: "Sam Self", username: "sam", extension: "1001", role: "agent" as const };
const SIP = { wsServer: "wss://pbx.test:8089/ws", aor: "sip:1001@pbx.test", authorizationUsername: "1001", authorizationPassword: "sip-secret", displayName: "Sam Self" };
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
const resumed = () => json({ token: "jwt-resumed-0123", expiresAt: new Date(Date.now() + 900_000).toISOString(), agent: AGENT, sip: SIP });

/** A page's window as far as sendEarlyResume looks: storage, fetch, and the desktop bridge when there is one. */
function page(hint: string | null, respond: (request: Request) => Response | Promise<Response> = resumed) {
  const storage = new MemoryStorage();
  if (hint !== null) storage.setItem(REMEMBERED_AT, hint);
  const sent: Request[] = [];
  const fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    sent.push(request);
    return Promise.resolve(respond(request));
  };
  return { win: { localStorage: storage, fetch } as unknown as Window, sent };
}

function clientOver(early: EarlyRequest | null, network: typeof fetch, timeoutMs?: number) {
  const transport = { ...browserTransport, http: { ...browserTransport.http, env: { fetch: fetchTakingEarly(early, network) } }, connect: io };
  return new HandoffClient({ transport, realtime: false, log: { info: () => undefined, warn: () => undefined }, ...(timeoutMs === undefined ? {} : { timeoutMs }) });
}

describe("the resume sent as the page starts", () => {
  it("is sent only by a browser this server remembers, as the client would send it", async () => {
    expect(sendEarlyResume(page(null).win)).toBeNull();
    const desktop = page(SERVER);
    expect(sendEarlyResume(Object.assign(desktop.win, { handoff: {} }))).toBeNull();
    expect(desktop.sent).toEqual([]);
    // Plain http off this computer: the client would refuse it, so nothing (and no cookie) is sent; on loopback it is.
    const insecure = page("http://phones.example.com");
    expect(sendEarlyResume(insecure.win)).toBeNull();
    expect(insecure.sent).toEqual([]);
    expect(sendEarlyResume(page("http://127.0.0.1:8080").win)?.url).toBe("http://127.0.0.1:8080/api/auth/resume");
    const { win, sent } = page(SERVER);
    const early = sendEarlyResume(win);
    expect(early?.url).toBe(`${SERVER}/api/auth/resume`);
    expect(sent).toHaveLength(1);
    const [request] = sent;
    expect([request?.method, request?.url, request?.credentials, request?.redirect, request?.headers.get("content-type")]).toEqual(["POST", `${SERVER}/api/auth/resume`, "include", "manual", "application/json"]);
    expect(await request?.text()).toBe("{}");
  });

  it("is the client's resume: its answer becomes the session, and the client sends no second one", async () => {
    const { win } = page(SERVER);
    const early = sendEarlyResume(win);
    const network: Request[] = [];
    const client = clientOver(early, async (input) => {
      network.push(input as Request);
      return json({ agents: [] });
    });
    expect(await client.resumeRemembered(SERVER)).toEqual({ serverUrl: SERVER, agent: AGENT, sip: SIP });
    await client.directory();
    expect(network.map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(["GET /api/agents"]);
    expect(network[0]?.headers.get("authorization")).toBe("Bearer jwt-resumed-0123");
    // Taken once: a later resume (another reload's worth) goes to the network.
    await client.resumeRemembered(SERVER).catch(() => undefined);
    expect(network.map((request) => new URL(request.url).pathname)).toContain("/api/auth/resume");
  });

  it("a refusal reads as the client's own: no remembered sign-in", async () => {
    const { win } = page(SERVER, () => json({ error: { code: "unauthenticated", message: "Sign in again." } }, 401));
    const client = clientOver(sendEarlyResume(win), () => Promise.reject(new Error("nothing else is asked")));
    expect(await client.resumeRemembered(SERVER)).toBeNull();
  });

  it("is aborted when the client gives up on it", async () => {
    let aborted: unknown = null;
    const { win } = page(SERVER, (request) => new Promise<Response>((_resolve, reject) => request.signal.addEventListener("abort", () => reject((aborted = request.signal.reason)))));
    const client = clientOver(sendEarlyResume(win), () => Promise.reject(new Error("nothing else is asked")), 50);
    await expect(client.resumeRemembered(SERVER)).rejects.toThrow();
    expect(aborted).not.toBeNull();
  });
});
