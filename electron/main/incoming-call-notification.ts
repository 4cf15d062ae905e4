import type { CallContext, ShortcutAction, Transfer } from "@handoff/contract";

/**
 * A desktop notification when a transfer or a bot handoff rings at this agent
 * while the app is not in front. Clicking it, or its Answer button, brings the
 * window forward and sends the `answer` action, exactly like the shortcut.
 */

export interface NotificationOptions {
  title: string;
  body: string;
  silent: boolean;
  urgency: "critical";
  timeoutType: "never";
  actions: Array<{ type: "button"; text: string }>;
}

/** The part of Electron's Notification used here. */
export interface NotificationLike {
  show(): void;
  close(): void;
  on(event: "click", listener: () => void): unknown;
  on(event: "action", listener: (details: { actionIndex: number }) => void): unknown;
  on(event: "close", listener: () => void): unknown;
}

export interface IncomingCallNotifierOptions {
  create(options: NotificationOptions): NotificationLike;
  isSupported(): boolean;
  /** True while the agent is looking at the app: then the app itself shows the call. */
  isAppInFront(): boolean;
  focusWindow(): void;
  sendShortcut(action: ShortcutAction): void;
}

const RINGING_STATUSES: ReadonlySet<Transfer["status"]> = new Set(["initiated", "ringing"]);

export class IncomingCallNotifier {
  private readonly shown = new Map<string, NotificationLike>();

  constructor(private readonly options: IncomingCallNotifierOptions) {}

  callRinging(context: CallContext): void {
    if (!this.options.isSupported() || this.options.isAppInFront() || this.shown.has(context.transferId)) return;
    const from = context.from.extension === null ? context.from.name : `${context.from.name} (${context.from.extension})`;
    const body = [context.reason, context.note].filter((line): line is string => line !== null && line !== "").join(" — ");
    const notification = this.options.create({
      title: context.kind === "handoff" ? `Call handed over by ${from}` : `Transfer from ${from}`,
      body: body === "" ? "Incoming call" : body,
      // The softphone rings itself; a second sound would be noise.
      silent: true,
      urgency: "critical",
      timeoutType: "never",
      actions: [{ type: "button", text: "Answer" }],
    });
    const answer = () => {
      this.dismiss(context.transferId);
      this.options.focusWindow();
      this.options.sendShortcut("answer");
    };
    notification.on("click", answer);
    notification.on("action", (details) => {
      if (details.actionIndex === 0) answer();
    });
    notification.on("close", () => this.shown.delete(context.transferId));
    this.shown.set(context.transferId, notification);
    notification.show();
  }

  /** A transfer that stopped ringing (answered, cancelled, failed) takes its notification with it. */
  transferChanged(transfer: Transfer): void {
    if (!RINGING_STATUSES.has(transfer.status)) this.dismiss(transfer.id);
  }

  dismissAll(): void {
    for (const id of [...this.shown.keys()]) this.dismiss(id);
  }

  private dismiss(transferId: string): void {
    const notification = this.shown.get(transferId);
    if (notification === undefined) return;
    this.shown.delete(transferId);
    notification.close();
  }
}
