import argon2 from "argon2";

/** argon2id with the library's defaults (memory-hard, tuned by its maintainers). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

// Verified even for unknown users, against this hash, so timing does not tell who exists.
const DUMMY_HASH = "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHRzb21lc2FsdA$qLml5cbmZ7E7XmUBXDybhQA0P6S4yv6yHXmNsWhTzwE";

export async function verifyPassword(hash: string | undefined, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash ?? DUMMY_HASH, password);
  } catch {
    return false;
  }
}
