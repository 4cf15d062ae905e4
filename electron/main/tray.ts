import type { Presence } from "@handoff/contract";
import type { TrayPresence } from "./presence-icon";

/**
 * The agent's presence in the system tray: icon colour and tooltip follow
 * their own presence, and say so when signed out or when the server is not
 * reachable (presence then is stale).
 */

export interface TrayLike<Image> {
  setImage(image: Image): void;
  setToolTip(text: string): void;
}

export interface TrayView {
  agentName: string | null;
  presence: Presence | null;
  connected: boolean;
}

const LABELS: Record<Presence, string> = { available: "Available", busy: "On a call", ringing: "Ringing", away: "Away", offline: "Offline" };

export class PresenceTray<Image> {
  private view: TrayView = { agentName: null, presence: null, connected: false };

  constructor(
    private readonly tray: TrayLike<Image>,
    private readonly imageFor: (presence: TrayPresence) => Image,
  ) {
    this.render();
  }

  /** Updates part of what the tray shows. */
  update(change: Partial<TrayView>): void {
    this.view = { ...this.view, ...change };
    if (this.view.agentName === null) this.view = { agentName: null, presence: null, connected: false };
    this.render();
  }

  get tooltip(): string {
    const { agentName, presence, connected } = this.view;
    if (agentName === null) return "Handoff — signed out";
    if (!connected) return `Handoff — ${agentName}: no connection to the server`;
    return `Handoff — ${agentName}: ${presence === null ? "…" : LABELS[presence]}`;
  }

  private render(): void {
    const { agentName, presence, connected } = this.view;
    const shown: TrayPresence = agentName === null ? "signedOut" : !connected || presence === null ? "offline" : presence;
    this.tray.setImage(this.imageFor(shown));
    this.tray.setToolTip(this.tooltip);
  }
}
