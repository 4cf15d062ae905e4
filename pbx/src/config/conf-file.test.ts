import { describe, expect, it } from "vitest";
import { renderConf, UnsafeConfValueError } from "./conf-file";

describe("renderConf", () => {
  it("renders sections, booleans, arrows and comments", () => {
    const text = renderConf("x.ts", [{ name: "s", comment: "why", lines: [["a", true], ["b", 3, "=>"], { comment: "note" }] }]);
    expect(text).toContain("; why\n[s]\na = yes\nb => 3\n; note");
  });

  it("refuses values that would start a comment or a new line", () => {
    expect(() => renderConf("x.ts", [{ name: "s", lines: [["secret", "abc;def"]] }])).toThrow(UnsafeConfValueError);
    expect(() => renderConf("x.ts", [{ name: "s", lines: [["secret", "abc\n[evil]"]] }])).toThrow(UnsafeConfValueError);
  });
});
