import { describe, expect, it } from "vitest";
import { handoffContexts } from "./handoff-contexts";
import { renderContext } from "./render";
import { parseTrunks, renderTrunkPjsip, TrunkConfigError, trunksFromEnv } from "./trunks";

const FUSION = { name: "fusion", label: "Head office", host: "pbx2.example.com", port: 5080, transport: "tcp", username: "handoff", password: "s3cret-Pass", prefix: "9" };
const parse = (trunk: Record<string, unknown>) => () => parseTrunks([trunk], "HANDOFF_TRUNKS");

describe("trunk configuration", () => {
  it("reads a trunk, with defaults for port, transport, prefix and label", () => {
    expect(parseTrunks([FUSION], "HANDOFF_TRUNKS")).toEqual([{ name: "fusion", label: "Head office", host: "pbx2.example.com", port: 5080, transport: "tcp", prefix: "9", auth: { username: "handoff", password: "s3cret-Pass" }, pjsipTransport: null }]);
    expect(trunksFromEnv({ HANDOFF_TRUNKS: JSON.stringify([{ name: "lab", host: "10.0.0.2" }]) })).toEqual([{ name: "lab", label: "lab", host: "10.0.0.2", port: 5060, transport: "udp", prefix: "8", auth: null, pjsipTransport: null }]);
    expect(trunksFromEnv({})).toEqual([]);
  });

  it("refuses CR/LF, quotes and semicolons in every text field, naming the trunk and the field", () => {
    for (const field of ["name", "label", "host", "username", "password", "prefix", "pjsipTransport"]) {
      for (const bad of ["a\r\nb", 'a"b', "a;b", "a'b", "a\\b"]) {
        expect(parse({ ...FUSION, [field]: `x${bad}yyyyyyyy` }), `${field} ${JSON.stringify(bad)}`).toThrow(TrunkConfigError);
        expect(parse({ ...FUSION, [field]: `x${bad}yyyyyyyy` }), field).toThrow(field === "name" ? /HANDOFF_TRUNKS\[0\]: field "name"/ : new RegExp(`HANDOFF_TRUNKS\\[0\\] \\("fusion"\\): field "${field}"`));
      }
    }
    expect(parse({ ...FUSION, host: "evil\nexten => 1,1,System(x)" })).toThrow(/field "host" contains a line break \(CR\/LF\)/);
    expect(parse({ ...FUSION, password: "abc;defgh" })).toThrow(/field "password" contains ; " ' ` or \\/);
  });

  it("refuses a bad port, transport, prefix, a lone username and unknown fields", () => {
    expect(parse({ ...FUSION, port: 70000 })).toThrow(/field "port"/);
    expect(parse({ ...FUSION, port: "5060" })).toThrow(/field "port"/);
    expect(parse({ ...FUSION, transport: "tls" })).toThrow(/field "transport" must be one of udp, tcp/);
    expect(parse({ ...FUSION, prefix: "0" })).toThrow(/field "prefix"/);
    expect(parse({ ...FUSION, password: undefined })).toThrow(/give both "username" and "password"/);
    expect(parse({ ...FUSION, secret: "x" })).toThrow(/unknown field "secret"/);
    expect(() => trunksFromEnv({ HANDOFF_TRUNKS: "[{" })).toThrow(/HANDOFF_TRUNKS: is not JSON/);
    expect(() => parseTrunks({}, "HANDOFF_TRUNKS")).toThrow(/must be a JSON list/);
  });

  it("refuses two trunks with one name, or a prefix that starts another's", () => {
    expect(() => parseTrunks([FUSION, { ...FUSION, prefix: "7" }], "T")).toThrow(/two trunks are named "fusion"/);
    expect(() => parseTrunks([FUSION, { ...FUSION, name: "other", prefix: "91" }], "T")).toThrow(/prefixes 9 and 91/);
  });

  it("renders endpoint, aor, auth and identify by the remote's address; calls from it enter the inbound context", () => {
    const [trunk] = parseTrunks([FUSION], "T");
    const text = renderTrunkPjsip(trunk!);
    expect(text).toContain("[fusion]\ntype = endpoint\ncontext = handoff-trunk-inbound");
    expect(text).toContain("outbound_auth = fusion-auth\nfrom_user = handoff");
    expect(text).toContain("[fusion]\ntype = aor\ncontact = sip:pbx2.example.com:5080\\;transport=tcp");
    expect(text).toContain("[fusion-auth]\ntype = auth\nauth_type = userpass\nusername = handoff\npassword = s3cret-Pass");
    expect(text).toContain("[fusion-identify]\ntype = identify\nendpoint = fusion\nmatch = pbx2.example.com");
    expect(text).toContain("allow_transfer = no");
  });
});

describe("remote extensions in the dialplan", () => {
  const settings = { transferRingSeconds: 20, recallRingSeconds: 30, holdRetrySeconds: 10, fallbackQueue: "support" };
  const input = { agentExtensions: ["1001"], queues: [{ name: "support", extension: "2000" }], externalPatterns: ["_0XXXXX."], outsideLine: "Local/${EXTEN}@out", trunks: [{ name: "fusion", prefix: "9" }] };

  it("dials <prefix><extension> as PJSIP/<extension>@<trunk>; a failure goes where every failed target goes", () => {
    const text = handoffContexts(input, settings).map(renderContext).join("\n");
    expect(text).toContain('exten => _9X.,1,GotoIf(${REGEX("^9[0-9]+$" ${EXTEN})}?:invalid)');
    expect(text).toContain(" same => n,Dial(PJSIP/${EXTEN:1}@fusion,${HANDOFF_TRANSFER_RING_SECONDS})\n");
    expect(text).toContain('\n same => n,Gosub(handoff-transfer-failed,s,1(${EXTEN},${DIALSTATUS}))\n same => n,Hangup()\n same => n(invalid)');
    expect(text).toContain("[handoff-trunk-inbound]\nexten => _[0-9a-zA-Z*#+].,1,Hangup(21)");
  });

  it("refuses a prefix an agent or queue extension starts with", () => {
    expect(() => handoffContexts({ ...input, trunks: [{ name: "fusion", prefix: "10" }] }, settings)).toThrow(/prefix 10 starts extension 1001/);
    expect(() => handoffContexts({ ...input, trunks: [{ name: "fu;sion", prefix: "9" }] }, settings)).toThrow(/not a checked trunk/);
  });
});
