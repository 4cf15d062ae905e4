/**
 * Where the agent is with signing in:
 *
 *   checking ──▶ signedOut ──▶ signingIn ──▶ signedIn
 *      │             ▲            │             │
 *      │             └────────────┘ (refused)   │
 *      └──────────────────────────────────────▶ │ (a remembered session)
 *                    ▲                          │
 *                    └──── sign out / token refused
 */
export enum SignInStatus {
  Checking = "checking",
  SignedOut = "signedOut",
  SigningIn = "signingIn",
  SignedIn = "signedIn",
}

const NEXT: Readonly<Record<SignInStatus, readonly SignInStatus[]>> = {
  [SignInStatus.Checking]: [SignInStatus.SignedOut, SignInStatus.SignedIn],
  [SignInStatus.SignedOut]: [SignInStatus.SigningIn],
  [SignInStatus.SigningIn]: [SignInStatus.SignedIn, SignInStatus.SignedOut],
  [SignInStatus.SignedIn]: [SignInStatus.SignedOut],
};

export class IllegalSignInTransitionError extends Error {
  override readonly name = "IllegalSignInTransitionError";
  constructor(from: SignInStatus, to: SignInStatus) {
    super(`Sign-in cannot go from "${from}" to "${to}".`);
  }
}

/** Returns `to` if the move is allowed; throws otherwise. */
export function transitionSignIn(from: SignInStatus, to: SignInStatus): SignInStatus {
  if (!NEXT[from].includes(to)) throw new IllegalSignInTransitionError(from, to);
  return to;
}

export const canSignIn = (status: SignInStatus) => NEXT[status].includes(SignInStatus.SigningIn);
