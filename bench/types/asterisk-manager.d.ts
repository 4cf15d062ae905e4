/** The parts of asterisk-manager 0.2.x that bench/ uses; the package ships no types. */
declare module "asterisk-manager" {
  /** Keys are lower-cased by the library; `event` is always a string on 'managerevent'. */
  export interface ManagerEvent {
    readonly event: string;
    readonly [key: string]: unknown;
  }

  export interface Manager {
    on(name: "managerevent", listener: (event: ManagerEvent) => void): void;
    on(name: string, listener: (...args: unknown[]) => void): void;
    disconnect(callback?: () => void): void;
  }

  /** Connects at once and, given a username, sends Login; events are parsed whether or not it succeeds. */
  export default function createManager(port: number, host: string, username: string, password: string, events: boolean): Manager;
}
