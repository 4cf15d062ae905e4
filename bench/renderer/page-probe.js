/* global window, document, requestAnimationFrame, MutationObserver, SELECTORS -- SELECTORS: replaced by page-probe.ts with JSON */
/**
 * Instrumentation put into a page before any of its own scripts (Playwright's
 * init script, which the app's CSP does not apply to). Plain JavaScript read as
 * text: a function compiled by tsx would carry helper calls the page lacks.
 *
 * It times, on the page's own clock (ms since navigation start):
 *  - every SIP INVITE as its WebSocket message is dispatched (a listener added
 *    in the constructor runs before SIP.js's own);
 *  - the first frame after the page shows "registered", "ringing" or its
 *    sign-in form (selectors given per page; see page-probe.ts).
 * The same probe goes into the app and into the bare SIP.js page.
 */
(function installProbe(selectors) {
  const readings = { formShownAt: null, submittedAt: null, registeredShownAt: null, scriptsAtRegistered: [], timeline: null, sockets: [], invites: [], ringingShownAt: [] };
  window.__probe = readings;

  const NativeWebSocket = window.WebSocket;
  window.WebSocket = class extends NativeWebSocket {
    constructor(url, protocols) {
      super(url, protocols);
      const socket = { url: String(url), createdAt: performance.now(), openAt: null };
      readings.sockets.push(socket);
      this.addEventListener("open", () => (socket.openAt = performance.now()));
      this.addEventListener("message", (event) => {
        if (typeof event.data === "string" && event.data.startsWith("INVITE ")) readings.invites.push(performance.now());
      });
    }
  };

  const matches = (probe) => new RegExp(probe.text).test(document.querySelector(probe.selector)?.textContent ?? "");
  const painted = (record) => requestAnimationFrame(() => record(performance.now()));
  let ringing = false;
  let registeredSeen = false;
  let formSeen = false;
  const check = () => {
    if (!formSeen && selectors.form !== null && document.querySelector(selectors.form) !== null) {
      formSeen = true;
      painted((at) => (readings.formShownAt = at));
    }
    if (!registeredSeen && matches(selectors.registered)) {
      registeredSeen = true;
      painted((at) => {
        readings.registeredShownAt = at;
        // The JavaScript it took to get here: every script the page had loaded by that frame.
        const resources = performance.getEntriesByType("resource");
        readings.scriptsAtRegistered = resources.map((entry) => entry.name).filter((name) => /\.m?js(\?|$)/.test(name));
        // Where the time went: each script and API call as [name, start, end], on the same clock.
        readings.timeline = resources.map((entry) => [entry.name.replace(/^[a-z]+:\/\/[^/]+/, ""), Math.round(entry.startTime), Math.round(entry.responseEnd)]);
      });
    }
    const nowRinging = matches(selectors.ringing);
    if (nowRinging && !ringing) painted((at) => readings.ringingShownAt.push(at));
    ringing = nowRinging;
  };
  document.addEventListener("submit", () => (readings.submittedAt ??= performance.now()), true);
  new MutationObserver(check).observe(document, { subtree: true, childList: true, characterData: true, attributes: true });
})(SELECTORS);
