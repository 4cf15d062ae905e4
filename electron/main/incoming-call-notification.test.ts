import type { ShortcutAction } from "@handoff/contract";
import { beforeEach, describe, expect, it } from "vitest";
import { IncomingCallNotifier, type NotificationLike, type NotificationOptions } from "./incoming-call-notification";
import { callContext, transfer, TRANSFER_ID } from "./test-support/fixtures";

class FakeNotification implements NotificationLike {
  shown = false;
  closed = false;
  private readonly listeners = new Map<string, (...args: never[]) => void>();
  constructor(readonly options: NotificationOptions) {}
  show(): void {
    this.shown = true;
  }
  close(): void {
    this.closed = true;
  }
  on(event: string, listener: (...args: never[]) => void): this {
    this.listeners.set(event, listener);
    return this;
  }
  trigger(event: string, ...args: unknown[]): void {
    (this.listeners.get(event) as ((...args: unknown[]) => void) | undefined)?.(...args);
  }
}

let created: FakeNotification[];
let sent: ShortcutAction[];
let focused: number;
let inFront: boolean;
let notifier: IncomingCallNotifier;

beforeEach(() => {
  created = [];
  sent = [];
  focused = 0;
  inFront = false;
  notifier = new IncomingCallNotifier({
    create: (options) => {
      const notification = new FakeNotification(options);
      created.push(notification);
      return notification;
    },
    isSupported: () => true,
    isAppInFront: () => inFront,
    focusWindow: () => (focused += 1),
    sendShortcut: (action) => sent.push(action),
  });
});

describe("IncomingCallNotifier", () => {
  it("shows who transfers the call and the note, with an Answer button", () => {
    notifier.callRinging(callContext());
    expect(created).toHaveLength(1);
    expect(created[0]?.shown).toBe(true);
    expect(created[0]?.options).toMatchObject({ title: "Transfer from Alice Martin (1001)", body: "Wants a refund", actions: [{ type: "button", text: "Answer" }] });
    notifier.callRinging(callContext({ kind: "handoff", from: { name: "Billing bot", extension: null }, reason: "Refund", note: null }));
    expect(created).toHaveLength(1); // one per transfer
  });

  it("clicking it focuses the window and answers", () => {
    notifier.callRinging(callContext());
    created[0]?.trigger("click");
    expect(focused).toBe(1);
    expect(sent).toEqual(["answer"]);
    expect(created[0]?.closed).toBe(true);
  });

  it("its Answer button does the same", () => {
    notifier.callRinging(callContext());
    created[0]?.trigger("action", { actionIndex: 0 });
    expect(sent).toEqual(["answer"]);
    expect(focused).toBe(1);
  });

  it("is not shown while the agent looks at the app", () => {
    inFront = true;
    notifier.callRinging(callContext());
    expect(created).toHaveLength(0);
  });

  it("goes away when the transfer stops ringing", () => {
    notifier.callRinging(callContext());
    notifier.transferChanged(transfer({ id: TRANSFER_ID, status: "ringing" }));
    expect(created[0]?.closed).toBe(false);
    notifier.transferChanged(transfer({ id: TRANSFER_ID, status: "cancelled" }));
    expect(created[0]?.closed).toBe(true);
    expect(sent).toEqual([]);
  });
});
