import type { RefusalKind } from "../transfers/errors";

/** Why a monitoring request was refused; no HTTP here (http/domain-errors.ts maps the kind). The message is for the supervisor. */
export class MonitoringRefusal extends Error {
  override readonly name = "MonitoringRefusal";
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }
}

export const refuseMonitoring = (kind: RefusalKind, message: string) => new MonitoringRefusal(kind, message);
