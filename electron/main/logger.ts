/** The log main writes to; tests pass a recorder. Never give it a token or password. */
export interface Logger {
  info(message: string, details?: Record<string, unknown>): void;
  warn(message: string, details?: Record<string, unknown>): void;
  error(message: string, details?: Record<string, unknown>): void;
}

export const consoleLogger: Logger = {
  info: (message, details) => console.info(`[handoff] ${message}`, details ?? ""),
  warn: (message, details) => console.warn(`[handoff] ${message}`, details ?? ""),
  error: (message, details) => console.error(`[handoff] ${message}`, details ?? ""),
};

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
