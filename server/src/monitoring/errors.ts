import { TransferRefusal, type RefusalKind } from "../transfers/errors";

/**
 * Why a monitoring request was refused: the same kinds, and the same class, as a transfer's refusal, so the HTTP
 * layer maps it in its one place (http/domain-errors.ts). The message is for the supervisor.
 */
export const refuseMonitoring = (kind: RefusalKind, message: string) => new TransferRefusal(kind, message);
