import { describe, expect, it } from "vitest";
import { mirrorFromDeb822, mirrorFromSourcesList } from "./debian-mirror";

describe("Debian mirror discovery", () => {
  it("takes the main entry of a deb822 file, not the security one", () => {
    const text = [
      "Types: deb",
      "# http://snapshot.debian.org/archive/debian-security/20250520T000000Z",
      "URIs: http://mirror.example.test/debian-security",
      "Suites: bookworm-security",
      "Components: main",
      "",
      "Types: deb",
      "URIs: http://mirror.example.test/debian",
      "Suites: bookworm bookworm-updates",
      "Components: main",
      "Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg",
    ].join("\n");
    expect(mirrorFromDeb822(text)).toBe("http://mirror.example.test/debian");
  });

  it("skips disabled and source-only entries", () => {
    const text = ["Types: deb", "URIs: http://off.example.test/debian", "Suites: sid", "Components: main", "Enabled: no", "", "Types: deb-src", "URIs: http://src.example.test/debian", "Suites: sid", "Components: main", "", "Types: deb", "URIs: http://on.example.test/debian", "Suites: sid", "Components: main"].join("\n");
    expect(mirrorFromDeb822(text)).toBe("http://on.example.test/debian");
  });

  it("reads one-line sources.list entries, options included", () => {
    expect(mirrorFromSourcesList("# comment\ndeb [arch=amd64] http://one.example.test/debian bookworm main\n")).toBe("http://one.example.test/debian");
    expect(mirrorFromSourcesList("deb http://sec.example.test/debian-security bookworm-security main\n")).toBeNull();
  });
});
