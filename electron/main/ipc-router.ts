import { ApiError } from "@handoff/client";
import { AgentIdArg, ConferenceIdArg, ConferenceParticipantArg, MergeConferenceArg, MonitoringModeArg, MonitoringSessionIdArg, StartMonitoringArg, DispositionArg, ExecuteTransferRequest, PauseReasonArg, QueueSelectionArg, SearchArg, Settings, SignInRequest, StatusArg, TransferIdArg } from "@handoff/contract";
import type { z } from "zod";
import { AppError, RejectedCallError } from "./app-error";
import type { AppOrigin } from "./app-origin";
import { invokeChannels, type InvokeArgs, type InvokeMethod, type InvokeResult, type IpcReply } from "./ipc-channels";
import type { Logger } from "./logger";
import { containsSecret } from "./secret-guard";

/**
 * One ipcMain handler per bridge method. Each call is checked where trust
 * changes: it must come from the app's own page in the window's main frame,
 * and its payload must parse with the contract's schema. Replies are
 * envelopes (IpcReply) that never contain a secret main holds.
 */

/** What the router needs of Electron's WebFrameMain. */
export interface SenderFrame {
  readonly url: string;
  readonly parent: unknown;
}
export interface InvokeEvent {
  readonly senderFrame: SenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: InvokeEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
}

/** The implementation of each bridge method, given already-validated arguments. */
export type BridgeHandlers = { readonly [M in InvokeMethod]: (...args: InvokeArgs<M>) => Promise<InvokeResult<M>> };

type ArgSchema<M extends InvokeMethod> = InvokeArgs<M> extends [] ? null : z.ZodType<InvokeArgs<M>[0]>;

/** The schema of each method's single argument; null for methods that take none. */
export const argSchemas: { readonly [M in InvokeMethod]: ArgSchema<M> } = {
  signIn: SignInRequest,
  signOut: null,
  currentSession: null,
  directory: null,
  availableAgents: SearchArg,
  trunks: null,
  setStatus: StatusArg,
  executeTransfer: ExecuteTransferRequest,
  completeTransfer: TransferIdArg,
  cancelTransfer: TransferIdArg,
  callHistory: null,
  queueSettings: null,
  queueFigures: null,
  queueState: null,
  joinQueues: QueueSelectionArg,
  leaveQueues: QueueSelectionArg,
  pause: PauseReasonArg,
  endPause: null,
  setDisposition: DispositionArg,
  board: null,
  supervisorAudit: null,
  signAgentOut: AgentIdArg,
  endAgentPause: AgentIdArg,
  startMonitoring: StartMonitoringArg,
  changeMonitoringMode: MonitoringModeArg,
  stopMonitoring: MonitoringSessionIdArg,
  monitoringSessions: null,
  mergeConference: MergeConferenceArg,
  leaveConference: ConferenceIdArg,
  dropFromConference: ConferenceParticipantArg,
  endConference: ConferenceIdArg,
  getSettings: null,
  saveSettings: Settings,
};

export interface IpcRouterOptions {
  ipcMain: IpcMainLike;
  app: AppOrigin;
  handlers: BridgeHandlers;
  /** Secrets main holds right now (the token); a reply containing one is refused. */
  secrets: () => readonly string[];
  log: Logger;
}

const methods = Object.keys(invokeChannels) as InvokeMethod[];

/** Registers every handler; returns the function that removes them. */
export function registerIpcRouter(options: IpcRouterOptions): () => void {
  for (const method of methods) {
    options.ipcMain.handle(invokeChannels[method], (event, ...args) => route(options, method, event, args));
  }
  return () => {
    for (const method of methods) options.ipcMain.removeHandler(invokeChannels[method]);
  };
}

async function route<M extends InvokeMethod>(options: IpcRouterOptions, method: M, event: InvokeEvent, args: unknown[]): Promise<IpcReply<InvokeResult<M>>> {
  const { log } = options;
  try {
    checkSender(options.app, event.senderFrame);
    const parsed = parseArgs(method, args);
    const handler = options.handlers[method] as (...input: unknown[]) => Promise<InvokeResult<M>>;
    const value = await handler(...parsed);
    if (containsSecret(value, options.secrets())) {
      log.error("a bridge reply contained a secret and was withheld", { method });
      return failure("The app withheld a reply that contained a secret. This is a bug; please report it.");
    }
    return { ok: true, value };
  } catch (error) {
    if (error instanceof RejectedCallError) {
      log.warn(`refused ${invokeChannels[method]}: ${error.message}`, { sender: event.senderFrame?.url ?? null });
      return failure(error.message);
    }
    // Both are written for the agent: main's own, and the API client's (the server's words, or what to check).
    if (error instanceof AppError || error instanceof ApiError) return failure(error.message);
    log.error(`${invokeChannels[method]} failed`, { error: error instanceof Error ? error.stack : String(error) });
    return failure("Something went wrong inside the app. Try again; if it keeps happening, restart Handoff.");
  }
}

function checkSender(app: AppOrigin, frame: SenderFrame | null): void {
  if (frame === null) throw new RejectedCallError("This request came from a frame that no longer exists; it was refused.");
  if (frame.parent !== null) throw new RejectedCallError("This request came from an embedded frame, not the Handoff page; it was refused.");
  if (!app.isAppPage(frame.url)) throw new RejectedCallError("This request did not come from the Handoff page; it was refused.");
}

function parseArgs(method: InvokeMethod, args: unknown[]): unknown[] {
  const schema = argSchemas[method] as z.ZodType | null;
  if (schema === null) {
    if (args.length !== 0) throw new RejectedCallError(`${method} takes no arguments.`);
    return [];
  }
  if (args.length !== 1) throw new RejectedCallError(`${method} takes exactly one argument.`);
  const result = schema.safeParse(args[0]);
  if (!result.success) {
    // Paths and rules only: the values may be a password.
    const issues = result.error.issues.map((issue) => (issue.path.length > 0 ? `${issue.path.join(".")}: ${issue.message}` : issue.message));
    throw new RejectedCallError(`Invalid ${method} request: ${issues.join("; ")}.`);
  }
  return [result.data];
}

function failure(message: string): IpcReply<never> {
  return { ok: false, error: { message } };
}
