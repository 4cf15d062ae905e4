import type { AppOrigin } from "./app-origin";

/**
 * The web permissions the page may have: the microphone (media, audio only)
 * for the app's own main frame. Everything else is denied, in both Electron
 * handlers: the request handler (a prompt would appear) and the check handler
 * (a silent query, e.g. device labels). Notifications are denied too: the
 * desktop notification for a ringing transfer is main's (incoming-call-notification.ts).
 */

export interface PermissionRequestDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
  readonly mediaTypes?: ReadonlyArray<"video" | "audio">;
  readonly securityOrigin?: string;
}

export interface PermissionCheckDetails {
  readonly requestingUrl?: string;
  readonly isMainFrame?: boolean;
  readonly mediaType?: "video" | "audio" | "unknown";
  readonly securityOrigin?: string;
  readonly embeddingOrigin?: string;
}

export interface PermissionHandlers {
  request(webContents: unknown, permission: string, callback: (granted: boolean) => void, details: PermissionRequestDetails): void;
  check(webContents: unknown, permission: string, requestingOrigin: string, details: PermissionCheckDetails): boolean;
}

export function createPermissionHandlers(app: AppOrigin): PermissionHandlers {
  const fromAppMainFrame = (details: { requestingUrl?: string; isMainFrame?: boolean; securityOrigin?: string }) =>
    details.isMainFrame === true && app.isAppUrl(details.requestingUrl) && (details.securityOrigin === undefined || app.isOrigin(details.securityOrigin));

  return {
    request(_webContents, permission, callback, details) {
      const types = details.mediaTypes ?? [];
      callback(permission === "media" && types.length > 0 && types.every((type) => type === "audio") && fromAppMainFrame(details));
    },
    check(_webContents, permission, requestingOrigin, details) {
      return (
        permission === "media" &&
        details.mediaType === "audio" &&
        app.isOrigin(requestingOrigin) &&
        details.isMainFrame === true &&
        details.embeddingOrigin === undefined &&
        (details.requestingUrl === undefined || app.isAppUrl(details.requestingUrl)) &&
        (details.securityOrigin === undefined || app.isOrigin(details.securityOrigin))
      );
    },
  };
}
