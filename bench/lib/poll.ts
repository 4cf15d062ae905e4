/**
 * Asks `probe` until `done` accepts its answer, every `intervalMs`; throws
 * after `timeoutMs` naming what it waited for. Benchmarks wait on browsers and
 * Asterisk this way between measurements, never inside one.
 */
export async function pollUntil<T>(what: string, probe: () => Promise<T>, done: (value: T) => boolean, { timeoutMs = 15_000, intervalMs = 20 } = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
