import { VisitorCall, type VisitorCallState } from "./visitor-call";

/**
 * The website call widget. One tag on any page of an allowed origin:
 *
 *   <script src="https://handoff.example.com/widget/handoff-widget.js" data-handoff-server="https://handoff.example.com" defer></script>
 *
 * It adds a "Call us" button; the call goes to the voice bot, which hands the visitor to a person on the same
 * call. Its own DOM is in a shadow root, so the page's styles and the widget's never meet.
 */
const script = document.currentScript as HTMLScriptElement | null;
const serverUrl = script?.dataset.handoffServer ?? (script ? new URL(script.src).origin : location.origin);

const WORDS: Record<VisitorCallState["phase"], string> = {
  idle: "Talk to us from your browser.",
  requesting: "Getting a line…",
  connecting: "Calling…",
  connected: "Connected. Press 0 to talk to a person.",
  ended: "",
};

function mount(): void {
  const host = document.createElement("div");
  host.id = "handoff-widget";
  const root = host.attachShadow({ mode: "open" });
  root.innerHTML = `
    <style>
      :host { position: fixed; right: 16px; bottom: 16px; z-index: 2147483000; font: 14px/1.4 system-ui, sans-serif; }
      .panel { background: #fff; color: #111; border: 1px solid #ccd; border-radius: 12px; padding: 12px; width: 240px; box-shadow: 0 4px 16px #0003; }
      .status { margin: 0 0 8px; min-height: 2.8em; }
      button { font: inherit; border: 0; border-radius: 8px; padding: 8px 12px; cursor: pointer; }
      .call { background: #1b6e3a; color: #fff; }
      .person { background: #1d4f91; color: #fff; }
      .hangup { background: #a32020; color: #fff; }
      button[hidden] { display: none; }
    </style>
    <div class="panel" role="region" aria-label="Call us">
      <p class="status" role="status" aria-live="polite"></p>
      <button class="call" type="button">Call us</button>
      <button class="person" type="button" hidden>Talk to a person (0)</button>
      <button class="hangup" type="button" hidden>Hang up</button>
    </div>`;
  const status = root.querySelector<HTMLElement>(".status");
  const callButton = root.querySelector<HTMLButtonElement>(".call");
  const personButton = root.querySelector<HTMLButtonElement>(".person");
  const hangUpButton = root.querySelector<HTMLButtonElement>(".hangup");
  if (!status || !callButton || !personButton || !hangUpButton) return;

  let call: VisitorCall | null = null;
  const show = (state: VisitorCallState) => {
    status.textContent = state.phase === "ended" ? state.reason : WORDS[state.phase];
    const inCall = state.phase === "requesting" || state.phase === "connecting" || state.phase === "connected";
    callButton.hidden = inCall;
    callButton.textContent = state.phase === "ended" ? "Call again" : "Call us";
    hangUpButton.hidden = !inCall;
    personButton.hidden = state.phase !== "connected";
    if (state.phase === "ended") call = null;
  };
  show({ phase: "idle" });
  callButton.addEventListener("click", () => {
    if (call !== null) return;
    call = new VisitorCall(serverUrl, show);
    void call.start();
  });
  personButton.addEventListener("click", () => {
    if (call?.press("0") === true) status.textContent = "Asking for a person…";
  });
  hangUpButton.addEventListener("click", () => call?.hangUp());
  document.body.append(host);
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount, { once: true });
else mount();
