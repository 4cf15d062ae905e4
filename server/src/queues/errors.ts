import type { RefusalKind } from "../transfers/errors";

/** Why queue work was refused; no HTTP here (http/domain-errors.ts maps the kind). The message is for the agent. */
export class QueueRefusal extends Error {
  override readonly name = "QueueRefusal";
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }
}

export const refuseQueue = (kind: RefusalKind, message: string) => new QueueRefusal(kind, message);
