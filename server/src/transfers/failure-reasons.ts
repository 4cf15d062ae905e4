/** Asterisk's DIALSTATUS / QUEUESTATUS values, said the way an agent needs to read them. */
export function failureReason(status: string, target: string, ringSeconds: number): string {
  switch (status) {
    case "NOANSWER":
    case "TIMEOUT":
      return `${target} did not answer within ${ringSeconds} s.`;
    case "BUSY":
      return `${target} is busy.`;
    case "CHANUNAVAIL":
    case "JOINUNAVAIL":
    case "LEAVEUNAVAIL":
      return `${target} is not registered (no phone signed in).`;
    case "JOINEMPTY":
    case "LEAVEEMPTY":
      return `Nobody is logged in to ${target}.`;
    case "FULL":
      return `${target} is full.`;
    case "INVALID":
      return `${target} does not exist on the PBX.`;
    case "CONGESTION":
      return `The PBX could not reach ${target} (congestion).`;
    case "CANCEL":
      return `The call to ${target} was cancelled.`;
    default:
      return `The call to ${target} failed (${status || "no reason given"}).`;
  }
}
