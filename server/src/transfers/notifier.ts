import type { CallContext, Transfer } from "@handoff/contract";

/** How the transfer core tells the apps; the real-time hub implements it. */
export interface TransferNotifier {
  transfer(transfer: Transfer, agentIds: readonly string[]): void;
  context(agentId: string, context: CallContext): void;
}

/** Everyone a transfer concerns: who started it, who it went to, and who took the caller instead. */
export function audienceOf(transfer: Transfer): string[] {
  const audience = new Set([transfer.fromAgentId]);
  if (transfer.toAgentId !== null) audience.add(transfer.toAgentId);
  return [...audience];
}
