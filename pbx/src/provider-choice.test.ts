import { describe, expect, it } from "vitest";
import type { ProviderFacts } from "./provider-choice";
import { chooseProvider, NoProviderError, UnknownProviderError } from "./provider-choice";

const facts = (overrides: Partial<ProviderFacts>): ProviderFacts => ({
  env: {},
  platform: "linux",
  uid: 1000,
  dockerWorks: () => false,
  ...overrides,
});

describe("chooseProvider", () => {
  it("uses the user's Asterisk whenever HANDOFF_AMI_HOST is set, even as root", () => {
    expect(chooseProvider(facts({ env: { HANDOFF_AMI_HOST: "pbx" }, uid: 0, dockerWorks: () => true })).name).toBe("env");
  });

  it("uses the chroot as root on Linux without asking Docker", () => {
    let asked = false;
    const choice = chooseProvider(facts({ uid: 0, dockerWorks: () => (asked = true) }));
    expect(choice.name).toBe("chroot");
    expect(choice.reason).toContain("root on Linux");
    expect(asked).toBe(false);
  });

  it("falls back to Docker when it works", () => {
    expect(chooseProvider(facts({ dockerWorks: () => true })).name).toBe("docker");
    expect(chooseProvider(facts({ platform: "darwin", uid: 0, dockerWorks: () => true })).name).toBe("docker");
  });

  it("otherwise says what to install or set", () => {
    expect(() => chooseProvider(facts({}))).toThrow(NoProviderError);
    expect(() => chooseProvider(facts({}))).toThrow(/HANDOFF_AMI_HOST[\s\S]*Docker[\s\S]*root/);
  });

  it("honours HANDOFF_PBX_PROVIDER and rejects unknown values", () => {
    expect(chooseProvider(facts({ env: { HANDOFF_PBX_PROVIDER: "docker" }, uid: 0 })).name).toBe("docker");
    expect(() => chooseProvider(facts({ env: { HANDOFF_PBX_PROVIDER: "podman" } }))).toThrow(UnknownProviderError);
  });
});
