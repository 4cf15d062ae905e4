/** The few SIP messages the server itself sends: a REGISTER that removes every contact of an AOR (RFC 3261 10.2.2). */

export interface UnregisterAllRequest {
  domain: string;
  extension: string;
  callId: string;
  fromTag: string;
  branch: string;
  /** The Via host: a name that means nothing (WebSocket clients have no address to be reached at). */
  viaHost: string;
  cseq: number;
  authorization?: string;
}

/** `Contact: *` with `Expires: 0`: the registrar drops all the AOR's bindings, whoever made them. */
export function unregisterAllRequest(request: UnregisterAllRequest): string {
  const aor = `sip:${request.extension}@${request.domain}`;
  return [
    `REGISTER sip:${request.domain} SIP/2.0`,
    `Via: SIP/2.0/WS ${request.viaHost};branch=${request.branch};rport`,
    "Max-Forwards: 70",
    `To: <${aor}>`,
    `From: <${aor}>;tag=${request.fromTag}`,
    `Call-ID: ${request.callId}`,
    `CSeq: ${request.cseq} REGISTER`,
    "Contact: *",
    "Expires: 0",
    ...(request.authorization === undefined ? [] : [`Authorization: ${request.authorization}`]),
    "User-Agent: Handoff server",
    "Content-Length: 0",
    "",
    "",
  ].join("\r\n");
}

export interface SipResponse {
  status: number;
  reason: string;
  /** Header values by lower-case name, in order (WWW-Authenticate may come once per algorithm). */
  headers: ReadonlyMap<string, readonly string[]>;
}

const COMPACT: Readonly<Record<string, string>> = { i: "call-id", v: "via", f: "from", t: "to", m: "contact", l: "content-length" };

/** A SIP response's status and headers; null for a request or anything unparseable. */
export function parseSipResponse(text: string): SipResponse | null {
  const [head = ""] = text.split("\r\n\r\n");
  const [statusLine = "", ...lines] = head.split("\r\n");
  const status = /^SIP\/2\.0 (\d{3}) ?(.*)$/.exec(statusLine);
  if (status?.[1] === undefined) return null;
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const raw = line.slice(0, colon).trim().toLowerCase();
    const name = COMPACT[raw] ?? raw;
    headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
  }
  return { status: Number(status[1]), reason: status[2] ?? "", headers };
}

/** The CSeq number of a response, to match it to the request it answers. */
export function cseqOf(response: SipResponse): number | null {
  const value = response.headers.get("cseq")?.[0];
  const match = value === undefined ? null : /^(\d+)\s/.exec(value);
  return match?.[1] === undefined ? null : Number(match[1]);
}
