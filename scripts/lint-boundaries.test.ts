import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

// Lints snippets as if they stood at the given path, with the project's real config.
const eslint = new ESLint({ cwd: new URL("..", import.meta.url).pathname });

async function violations(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe("boundary lint rules", () => {
  it.each([
    ["src/telephony/x.ts", 'import { app } from "electron";\nexport const a = app;\n', "no-restricted-imports"],
    ["src/telephony/x.ts", 'import { readFileSync } from "node:fs";\nexport const a = readFileSync;\n', "no-restricted-imports"],
    ["src/telephony/x.ts", 'import { readFileSync } from "fs";\nexport const a = readFileSync;\n', "no-restricted-imports"],
    ["src/telephony/x.ts", 'import { AmiDecoder } from "../../server/src/ami/codec";\nexport const a = AmiDecoder;\n', "import-x/no-restricted-paths"],
    ["contract/src/x.ts", 'import { randomUUID } from "node:crypto";\nexport const a = randomUUID;\n', "no-restricted-imports"],
    ["contract/src/x.ts", "export const href = window.location.href;\n", "no-restricted-globals"],
    ["contract/src/x.ts", "export const env = process.env;\n", "no-restricted-globals"],
    ["client/src/x.ts", 'import { randomUUID } from "node:crypto";\nexport const a = randomUUID;\n', "no-restricted-imports"],
    ["client/src/x.ts", "export const t = setTimeout(() => undefined, 1);\n", "no-restricted-globals"],
    ["client/src/x.ts", 'import { WebBridge } from "../../src/bridge/web-bridge";\nexport const a = WebBridge;\n', "import-x/no-restricted-paths"],
    ["server/src/x.ts", 'import { HandoffClient } from "../../client/src/handoff-client";\nexport const a = HandoffClient;\n', "import-x/no-restricted-paths"],
    ["server/src/x.ts", 'import { SipEngine } from "../../src/telephony/sip-engine";\nexport const a = SipEngine;\n', "import-x/no-restricted-paths"],
    ["server/src/ami/x.ts", 'import { HarnessPage } from "../../../e2e/support/harness-page";\nexport const a = HarnessPage;\n', "import-x/no-restricted-paths"],
    ["server/src/x.ts", 'import { judge } from "../../soak/truth";\nexport const a = judge;\n', "import-x/no-restricted-paths"],
    ["bench/x.ts", 'import { judge } from "../soak/truth";\nexport const a = judge;\n', "import-x/no-restricted-paths"],
  ])("rejects a violation in %s", async (filePath, code, rule) => {
    expect(await violations(filePath, code)).toContain(rule);
  });

  it("accepts the imports each area is meant to make", async () => {
    expect(await violations("src/telephony/x.ts", 'import { UserAgent } from "sip.js";\nexport const a = UserAgent;\n')).toEqual([]);
    expect(await violations("server/src/x.ts", 'import { AmiDecoder } from "./ami/codec";\nimport { connect } from "node:net";\nexport const a = [AmiDecoder, connect];\n')).toEqual([]);
    expect(await violations("client/src/x.ts", 'import { io } from "socket.io-client";\nimport { ErrorBody } from "@handoff/contract";\nexport const a = [io, ErrorBody];\n')).toEqual([]);
    expect(await violations("e2e/support/x.ts", 'import { SipEngine } from "../../src/telephony/sip-engine";\nexport const a = SipEngine;\n')).toEqual([]);
    expect(await violations("soak/x.ts", 'import { HarnessPage } from "../e2e/support/harness-page";\nimport { renderTable } from "../bench/lib/table";\nexport const a = [HarnessPage, renderTable];\n')).toEqual([]);
  });
});
