/** Errors of the AMI layer. Each message says what happened and what to do about it. */

export class AmiEncodeError extends Error {
  override readonly name = "AmiEncodeError";
  constructor(readonly field: string, reason: string) {
    super(`AMI field "${field}" rejected before sending: ${reason}. Nothing was written to Asterisk.`);
  }
}

export class AmiActionNotAllowedError extends Error {
  override readonly name = "AmiActionNotAllowedError";
  constructor(readonly action: string) {
    super(`AMI action "${action}" is not in this client's allowlist. Add it to the allowlist only if this process must be able to send it.`);
  }
}

export class AmiNotConnectedError extends Error {
  override readonly name = "AmiNotConnectedError";
  constructor(state: string) {
    super(`AMI is not connected (state: ${state}). Check that Asterisk runs and that manager.conf permits this host; the action was not sent.`);
  }
}

export class AmiTimeoutError extends Error {
  override readonly name = "AmiTimeoutError";
  constructor(readonly action: string, readonly timeoutMs: number) {
    super(`AMI action "${action}" got no reply within ${timeoutMs} ms. Its outcome is unknown: reconcile from Asterisk's state before acting again.`);
  }
}

export class AmiConnectionLostError extends Error {
  override readonly name = "AmiConnectionLostError";
  constructor(readonly action: string) {
    super(`The AMI connection dropped before "${action}" was answered. Its outcome is unknown and it will not be replayed: reconcile from Asterisk's state.`);
  }
}

export class AmiActionError extends Error {
  override readonly name = "AmiActionError";
  constructor(readonly action: string, readonly reply: string) {
    super(`Asterisk refused AMI action "${action}": ${reply}`);
  }
}

export class AmiLoginError extends Error {
  override readonly name = "AmiLoginError";
  constructor(reply: string) {
    super(`AMI login refused: ${reply}. Check the AMI username and secret, and the user's permit/deny in manager.conf.`);
  }
}
