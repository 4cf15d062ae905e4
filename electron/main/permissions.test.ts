import { describe, expect, it } from "vitest";
import { HANDOFF_APP } from "./app-origin";
import { createPermissionHandlers, type PermissionCheckDetails, type PermissionRequestDetails } from "./permissions";

const handlers = createPermissionHandlers(HANDOFF_APP);
const APP_PAGE = "app://handoff/index.html";

function request(permission: string, details: PermissionRequestDetails): boolean {
  let granted: boolean | undefined;
  handlers.request(null, permission, (value) => (granted = value), details);
  if (granted === undefined) throw new Error("the request handler did not answer");
  return granted;
}

const appAudio: PermissionRequestDetails = { requestingUrl: APP_PAGE, isMainFrame: true, mediaTypes: ["audio"], securityOrigin: "app://handoff" };

describe("permission request handler", () => {
  it("grants the microphone to the app's own page", () => {
    expect(request("media", appAudio)).toBe(true);
  });

  it.each<[string, string, PermissionRequestDetails]>([
    ["video", "media", { ...appAudio, mediaTypes: ["video"] }],
    ["audio and video", "media", { ...appAudio, mediaTypes: ["audio", "video"] }],
    ["media with no types", "media", { ...appAudio, mediaTypes: [] }],
    ["media without types", "media", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["audio from another origin", "media", { ...appAudio, requestingUrl: "https://evil.test/", securityOrigin: "https://evil.test" }],
    ["audio from a look-alike app origin", "media", { ...appAudio, requestingUrl: "app://handoff.evil/", securityOrigin: "app://handoff.evil" }],
    ["audio from file:", "media", { ...appAudio, requestingUrl: "file:///tmp/x.html", securityOrigin: "file://" }],
    ["audio whose security origin differs", "media", { ...appAudio, securityOrigin: "https://evil.test" }],
    ["audio from a sub-frame", "media", { ...appAudio, isMainFrame: false }],
    ["geolocation", "geolocation", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["notifications", "notifications", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["notifications from elsewhere", "notifications", { requestingUrl: "https://evil.test/", isMainFrame: true }],
    ["screen capture", "display-capture", { ...appAudio }],
    ["clipboard read", "clipboard-read", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["opening external apps", "openExternal", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["midi", "midiSysex", { requestingUrl: APP_PAGE, isMainFrame: true }],
  ])("denies %s", (_label, permission, details) => {
    expect(request(permission, details)).toBe(false);
  });
});

describe("permission check handler", () => {
  const appCheck: PermissionCheckDetails = { requestingUrl: APP_PAGE, isMainFrame: true, mediaType: "audio", securityOrigin: "app://handoff" };

  it("answers yes for the microphone of the app's own page", () => {
    expect(handlers.check(null, "media", "app://handoff", appCheck)).toBe(true);
  });

  it.each<[string, string, string, PermissionCheckDetails]>([
    ["video", "media", "app://handoff", { ...appCheck, mediaType: "video" }],
    ["unknown media", "media", "app://handoff", { ...appCheck, mediaType: "unknown" }],
    ["media with no type", "media", "app://handoff", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["audio for another origin", "media", "https://evil.test", { ...appCheck, requestingUrl: "https://evil.test/", securityOrigin: "https://evil.test" }],
    ["audio for a frame embedded elsewhere", "media", "app://handoff", { ...appCheck, embeddingOrigin: "https://evil.test" }],
    ["audio from a sub-frame", "media", "app://handoff", { ...appCheck, isMainFrame: false }],
    ["audio whose requesting URL is foreign", "media", "app://handoff", { ...appCheck, requestingUrl: "https://evil.test/" }],
    ["the null origin", "media", "null", { ...appCheck }],
    ["geolocation", "geolocation", "app://handoff", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["notifications", "notifications", "app://handoff", { requestingUrl: APP_PAGE, isMainFrame: true }],
    ["notifications from elsewhere", "notifications", "https://evil.test", { requestingUrl: "https://evil.test/", isMainFrame: true }],
    ["serial", "serial", "app://handoff", { isMainFrame: true, securityOrigin: "app://handoff" }],
  ])("answers no for %s", (_label, permission, origin, details) => {
    expect(handlers.check(null, permission, origin, details)).toBe(false);
  });
});
