import type { PbxConfigInput } from "./input";
import { DEFAULT_SETTINGS } from "./input";
import { loadDemoData } from "../demo-data";
import type { PbxSecrets } from "../secrets";

/** Recognisable fake secrets: a test can search rendered output for exactly these. */
export const TEST_SECRETS: PbxSecrets = {
  amiSecret: "a".repeat(32),
  amiTestSecret: "b".repeat(32),
  amiBotSecret: "c".repeat(32),
  trunkSecret: "d".repeat(32),
};

export function testInput(overrides: Partial<PbxConfigInput> = {}): PbxConfigInput {
  return {
    demo: loadDemoData(),
    secrets: TEST_SECRETS,
    host: { ipv4Addresses: ["10.1.2.3", "192.0.2.7"] },
    settings: DEFAULT_SETTINGS,
    tls: { cert: "-----BEGIN CERTIFICATE-----\ntest\n-----END CERTIFICATE-----\n", key: "-----BEGIN PRIVATE KEY-----\ntest\n-----END PRIVATE KEY-----\n" },
    ...overrides,
  };
}
