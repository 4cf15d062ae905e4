import type { IpcReply } from "../ipc-channels";
import type { InvokeEvent, IpcMainLike, SenderFrame } from "../ipc-router";

type Listener = (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>;

/** ipcMain as the router sees it: tests invoke channels as a given frame would. */
export class FakeIpcMain implements IpcMainLike {
  readonly handlers = new Map<string, Listener>();

  handle(channel: string, listener: Listener): void {
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, listener);
  }

  removeHandler(channel: string): void {
    this.handlers.delete(channel);
  }

  async invoke(channel: string, frame: SenderFrame | null, ...args: unknown[]): Promise<IpcReply<unknown>> {
    const listener = this.handlers.get(channel);
    if (listener === undefined) throw new Error(`No handler registered for '${channel}'`);
    // Electron structured-clones arguments and replies; so do we.
    return structuredClone(await listener({ senderFrame: frame }, ...structuredClone(args))) as IpcReply<unknown>;
  }
}

export const APP_FRAME: SenderFrame = { url: "app://handoff/index.html", parent: null };
