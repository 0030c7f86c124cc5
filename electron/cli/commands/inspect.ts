import { CliError, type CliIo } from '../cli-io';

/** `tracediff inspect`: not available in this build yet. */
export async function runInspect(_args: string[], _io: CliIo): Promise<number> {
  throw new CliError('inspect is not available in this build yet', 2);
}
