import createCache, { type EmotionCache } from "@emotion/cache";

/** What index.html carries until the desktop's app protocol swaps in a fresh nonce per load. */
const PLACEHOLDER = "__HANDOFF_CSP_NONCE__";

/**
 * The nonce for the <style> elements emotion (MUI) inserts. Vite's
 * `html.cspNonce` puts `<meta property="csp-nonce">` in the page; the desktop
 * serves it with a per-load nonce that its CSP allows. Read through the
 * `nonce` property: browsers hide the attribute once a CSP applies.
 */
export function styleNonce(doc: Document = document): string | undefined {
  const meta = doc.querySelector<HTMLMetaElement>('meta[property="csp-nonce"]');
  const nonce = meta?.nonce || meta?.getAttribute("nonce") || "";
  return nonce === "" || nonce === PLACEHOLDER ? undefined : nonce;
}

export function createStyleCache(): EmotionCache {
  return createCache({ key: "css", nonce: styleNonce() });
}
