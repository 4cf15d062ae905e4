import { readFileSync } from "node:fs";
import { DEMO_DATA_FILE } from "./paths";

/** The one source of demo users and queues; Asterisk config and the server's directory derive from it. */
export type Role = "agent" | "supervisor" | "bot";

export interface DemoUser {
  readonly username: string;
  readonly name: string;
  /** null for users without a phone (the bot). */
  readonly extension: string | null;
  readonly role: Role;
}

export interface PhoneUser extends DemoUser {
  readonly extension: string;
}

export interface DemoQueue {
  readonly name: string;
  readonly extension: string;
  /** Every user with this role is a member. */
  readonly members: Role;
}

export interface DemoData {
  readonly domain: string;
  readonly queues: readonly DemoQueue[];
  readonly users: readonly DemoUser[];
}

export class DemoDataError extends Error {
  override readonly name = "DemoDataError";
  constructor(readonly source: string, readonly problems: readonly string[]) {
    super(`${source} is not valid demo data; fix these and run again:\n  - ${problems.join("\n  - ")}`);
  }
}

const ROLES: readonly Role[] = ["agent", "supervisor", "bot"];
// Names and ids end up inside Asterisk config lines and dialplan: keep them free of syntax characters.
const USERNAME = /^[a-z][a-z0-9._-]{0,31}$/;
const EXTENSION = /^[1-9][0-9]{1,5}$/;
const DISPLAY_NAME = /^[\p{L}\p{N} .'-]{1,64}$/u;
const QUEUE_NAME = /^[a-z][a-z0-9_-]{0,31}$/;
const DOMAIN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function parseDemoData(raw: unknown, source = "demo data"): DemoData {
  const problems: string[] = [];
  if (!isRecord(raw)) throw new DemoDataError(source, ["the top level must be an object"]);

  const domain = raw.domain;
  if (typeof domain !== "string" || !DOMAIN.test(domain)) problems.push(`"domain" must be a lower-case DNS name, got ${JSON.stringify(domain)}`);

  const users: DemoUser[] = [];
  if (!Array.isArray(raw.users) || raw.users.length === 0) problems.push(`"users" must be a non-empty array`);
  else
    raw.users.forEach((entry: unknown, i) => {
      const at = `users[${i}]`;
      if (!isRecord(entry)) return void problems.push(`${at} must be an object`);
      const { username, name, extension, role } = entry;
      const before = problems.length;
      if (typeof username !== "string" || !USERNAME.test(username)) problems.push(`${at}.username must match ${USERNAME}, got ${JSON.stringify(username)}`);
      if (typeof name !== "string" || !DISPLAY_NAME.test(name)) problems.push(`${at}.name must be 1-64 letters, digits, spaces or .'-, got ${JSON.stringify(name)}`);
      if (!isRole(role)) problems.push(`${at}.role must be one of ${ROLES.join(", ")}, got ${JSON.stringify(role)}`);
      if (extension !== null && (typeof extension !== "string" || !EXTENSION.test(extension)))
        problems.push(`${at}.extension must be null or 2-6 digits not starting with 0 (0 starts external numbers), got ${JSON.stringify(extension)}`);
      if (role === "bot" && extension !== null) problems.push(`${at} is a bot: its extension must be null (bots have no phone)`);
      if (role !== "bot" && isRole(role) && extension === null) problems.push(`${at} is a ${role}: it needs an extension`);
      if (problems.length === before) users.push({ username: username as string, name: name as string, extension: extension as string | null, role: role as Role });
    });

  const queues: DemoQueue[] = [];
  if (!Array.isArray(raw.queues)) problems.push(`"queues" must be an array`);
  else
    raw.queues.forEach((entry: unknown, i) => {
      const at = `queues[${i}]`;
      if (!isRecord(entry)) return void problems.push(`${at} must be an object`);
      const { name, extension, members } = entry;
      const before = problems.length;
      if (typeof name !== "string" || !QUEUE_NAME.test(name)) problems.push(`${at}.name must match ${QUEUE_NAME}, got ${JSON.stringify(name)}`);
      if (typeof extension !== "string" || !EXTENSION.test(extension)) problems.push(`${at}.extension must be 2-6 digits not starting with 0, got ${JSON.stringify(extension)}`);
      if (!isRole(members) || members === "bot") problems.push(`${at}.members must be "agent" or "supervisor", got ${JSON.stringify(members)}`);
      if (problems.length === before) queues.push({ name: name as string, extension: extension as string, members: members as Role });
    });

  const seen = new Map<string, string>();
  const claim = (key: string, owner: string) => {
    const previous = seen.get(key);
    if (previous) problems.push(`${owner} reuses ${key}, already taken by ${previous}`);
    else seen.set(key, owner);
  };
  for (const user of users) {
    claim(`username "${user.username}"`, `user ${user.username}`);
    if (user.extension) claim(`extension ${user.extension}`, `user ${user.username}`);
  }
  for (const queue of queues) {
    claim(`queue name "${queue.name}"`, `queue ${queue.name}`);
    claim(`extension ${queue.extension}`, `queue ${queue.name}`);
  }

  if (problems.length > 0) throw new DemoDataError(source, problems);
  return { domain: domain as string, queues, users };
}

export function loadDemoData(file: string = DEMO_DATA_FILE): DemoData {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new DemoDataError(file, [`cannot read it as JSON: ${(error as Error).message}`]);
  }
  return parseDemoData(raw, file);
}

/** Users that have a phone, i.e. a SIP endpoint. */
export function phoneUsers(demo: DemoData): PhoneUser[] {
  return demo.users.filter((user): user is PhoneUser => user.extension !== null);
}

export function queueMembers(demo: DemoData, queue: DemoQueue): PhoneUser[] {
  return phoneUsers(demo).filter((user) => user.role === queue.members);
}
