/** Dialplan contexts as data, rendered to extensions.conf text. */

/** A dialplan step; `label` names it for Goto/GotoIf. */
export type Step = string | { readonly label: string; readonly app: string };

export interface Extension {
  readonly pattern: string;
  readonly steps: readonly Step[];
  readonly hint?: string;
}

export interface Context {
  readonly name: string;
  readonly comment: string;
  readonly extensions: readonly Extension[];
}

export class UnsafeDialplanError extends Error {
  override readonly name = "UnsafeDialplanError";
  constructor(line: string) {
    super(`Generated dialplan line would be cut by a ";" comment or a newline: ${line}. Fix the generator or the data it read.`);
  }
}

/** One context as extensions.conf text: its comment, `[name]`, then `exten =>`/`same =>` lines. */
export function renderContext(context: Context): string {
  const out = context.comment.split("\n").map((line) => `; ${line}`);
  out.push(`[${context.name}]`);
  for (const extension of context.extensions) {
    if (extension.hint) out.push(`exten => ${extension.pattern},hint,${extension.hint}`);
    extension.steps.forEach((step, i) => {
      const app = typeof step === "string" ? step : step.app;
      const label = typeof step === "string" ? "" : `(${step.label})`;
      const line = i === 0 ? `exten => ${extension.pattern},1${label},${app}` : ` same => n${label},${app}`;
      if (/[;\r\n]/.test(line)) throw new UnsafeDialplanError(line);
      out.push(line);
    });
  }
  return out.join("\n");
}
