/**
 * Why the transfer service refused a request. The domain knows nothing of HTTP:
 * the HTTP layer maps each kind to a status code, once (http/domain-errors.ts).
 * Every message is meant for the agent or bot: it says what happened and what to do.
 */
export type RefusalKind =
  /** The call, transfer or account does not exist (any more). */
  | "not_found"
  /** It exists, but belongs to someone else. */
  | "forbidden"
  /** The call or transfer is not in a state that allows it right now (busy, ending, an action in flight). */
  | "conflict"
  /** The request is well-formed but cannot be carried out (unknown target, offline agent, oneself). */
  | "unprocessable"
  /** The PBX cannot be reached: nothing was done. */
  | "pbx_unavailable";

export class TransferRefusal extends Error {
  override readonly name = "TransferRefusal";
  constructor(
    readonly kind: RefusalKind,
    message: string,
  ) {
    super(message);
  }
}

export const refuse = (kind: RefusalKind, message: string) => new TransferRefusal(kind, message);
