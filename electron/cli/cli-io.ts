/** Output sinks for the CLI, injectable so tests capture what a command prints. */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
}

/** An error with the exit code the CLI contract gives it: 2 bad arguments, 1 unreadable input. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: 1 | 2,
  ) {
    super(message);
  }
}

/** Parses `--name value` and `--flag` options; repeated options collect into arrays. */
export function parseArgs(
  args: string[],
  spec: { values?: string[]; flags?: string[]; repeatable?: string[] },
): { positional: string[]; values: Map<string, string[]>; flags: Set<string> } {
  const positional: string[] = [];
  const values = new Map<string, string[]>();
  const flags = new Set<string>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const name = a.slice(2);
    if (spec.flags?.includes(name)) {
      flags.add(name);
    } else if (spec.values?.includes(name) || spec.repeatable?.includes(name)) {
      const v = args[++i];
      if (v === undefined) throw new CliError(`--${name} needs a value`, 2);
      const list = values.get(name) ?? [];
      if (list.length > 0 && !spec.repeatable?.includes(name)) throw new CliError(`--${name} given twice`, 2);
      list.push(v);
      values.set(name, list);
    } else {
      throw new CliError(`unknown option ${a}`, 2);
    }
  }
  return { positional, values, flags };
}
