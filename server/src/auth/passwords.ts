import argon2 from "argon2";

/** argon2id with the library's defaults (memory-hard, tuned by its maintainers). */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

/** False for a wrong password and for a hash argon2 cannot read. Unknown users never get here (password-checks.ts). */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}
