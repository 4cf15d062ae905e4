import { describe, expect, it } from "vitest";
import { mountsUnder, parseMountPoints } from "./mounts";

describe("mount points", () => {
  it("reads mountinfo, unescaping octal", () => {
    const info = "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n42 27 0:39 / /cache/my\\040root/proc rw - proc proc rw\n";
    expect(parseMountPoints(info)).toEqual(["/", "/cache/my root/proc"]);
  });

  it("finds only mounts inside the directory, deepest first", () => {
    const points = ["/", "/c/root", "/c/root/proc", "/c/root/dev/pts", "/c/root2/proc"];
    expect(mountsUnder("/c/root", points)).toEqual(["/c/root/dev/pts", "/c/root/proc", "/c/root"]);
  });
});
