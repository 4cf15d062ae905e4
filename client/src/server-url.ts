import { ApiError } from "./api-error";
import { parseUrl } from "./host";

/**
 * "http://host:8080/" and "http://host:8080" are the same server; a path is kept as the
 * mount point the API lives under (https://host/handoff → https://host/handoff/api/...).
 */
export function normalizeServerUrl(text: string): string {
  let url: ReturnType<typeof parseUrl>;
  try {
    url = parseUrl(text.trim());
  } catch {
    throw new ApiError("invalid_request", `"${text}" is not a server address; type one like http://127.0.0.1:8080.`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new ApiError("invalid_request", `"${text}" is not a server address; it must start with http:// or https://.`);
  return url.origin + url.pathname.replace(/\/+$/, "");
}
