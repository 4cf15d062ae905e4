/**
 * Last line of defence for "the token never reaches the renderer": anything
 * main is about to hand over is checked for the secrets it holds. Short
 * strings are ignored so that an empty or tiny value cannot match everything.
 */
export function containsSecret(value: unknown, secrets: readonly string[]): boolean {
  if (value === undefined) return false;
  const text = JSON.stringify(value);
  return secrets.some((secret) => secret.length >= 8 && text.includes(secret));
}
