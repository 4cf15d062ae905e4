import { describe, expect, it } from "vitest";
import { isLoopbackHost } from "@handoff/contract";
import { requireSecureServer, requireSecureSipWebSocket } from "../src/secure-transport";

describe("secure transport", () => {
  it("counts only this computer as loopback", () => {
    for (const host of ["localhost", "LOCALHOST", "phone.localhost", "127.0.0.1", "127.10.20.30", "[::1]"]) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ["10.0.0.5", "192.168.1.2", "example.com", "localhost.example.com", "127.0.0.1.nip.io", "[::ffff:10.0.0.1]", "0.0.0.0"]) expect(isLoopbackHost(host), host).toBe(false);
  });

  it("takes https anywhere and http only on loopback", () => {
    expect(() => requireSecureServer("https://phones.example.com")).not.toThrow();
    expect(() => requireSecureServer("http://127.0.0.1:8080")).not.toThrow();
    expect(() => requireSecureServer("http://localhost:8080/handoff")).not.toThrow();
    expect(() => requireSecureServer("http://phones.example.com")).toThrow(expect.objectContaining({ code: "insecure", message: expect.stringMatching(/not encrypted.*microphone.*https:\/\//) }));
  });

  it("takes wss anywhere and ws only on loopback; anything else is refused", () => {
    expect(() => requireSecureSipWebSocket("wss://pbx.example.com:8089/ws")).not.toThrow();
    expect(() => requireSecureSipWebSocket("ws://127.0.0.1:8088/ws")).not.toThrow();
    expect(() => requireSecureSipWebSocket("ws://pbx.example.com:8088/ws")).toThrow(expect.objectContaining({ code: "insecure", message: expect.stringMatching(/not encrypted.*wss:\/\/.*8089/) }));
    expect(() => requireSecureSipWebSocket("http://127.0.0.1:8088/ws")).toThrow(expect.objectContaining({ code: "insecure" }));
    expect(() => requireSecureSipWebSocket("nonsense")).toThrow(expect.objectContaining({ code: "bad_response" }));
  });
});
