/**
 * Command line of the browser-mode host:
 *   node dist/web/host.cjs [--baseline FILE] [--problem FILE] [--log FILE]... [FILE...]
 *                          [--port N] [--max-upload-gb N] [--all-events]
 * Files without a flag are sorted to their side by content and name, as a drop would be.
 */
import type { InputRole } from '../../shared/contract';
import { DEFAULT_MAX_UPLOAD_BYTES } from './upload-store';

export const DEFAULT_PORT = 5757;

export interface HostArgs {
  inputs: { path: string; role: InputRole }[];
  /** null: try the default port, then any free one. */
  port: number | null;
  maxUploadBytes: number;
  allEvents: boolean;
  help: boolean;
}

export const HOST_USAGE = `TraceDiff Workbench, browser mode

Usage:
  npm run web -- [--baseline FILE] [--problem FILE] [--log FILE]... [FILE...] [--port N]
                 [--max-upload-gb N] [--all-events]

Serves the workbench on http://127.0.0.1 only and prints the address to open (with its token).
With no files the demo case opens. Port: ${DEFAULT_PORT}, or a free one when that is taken.
`;

export class HostArgsError extends Error {}

export function parseHostArgs(argv: readonly string[]): HostArgs {
  const out: HostArgs = {
    inputs: [],
    port: null,
    maxUploadBytes: DEFAULT_MAX_UPLOAD_BYTES,
    allEvents: false,
    help: false,
  };
  const value = (i: number, flag: string): string => {
    const v = argv[i + 1];
    if (v === undefined || v.startsWith('--')) throw new HostArgsError(`${flag} needs a value`);
    return v;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    switch (a) {
      case '--help':
      case '-h':
        out.help = true;
        break;
      case '--baseline':
      case '--problem':
      case '--log':
        out.inputs.push({ path: value(i, a), role: a.slice(2) as InputRole });
        i++;
        break;
      case '--port': {
        const n = Number(value(i, a));
        if (!Number.isInteger(n) || n < 0 || n > 65535)
          throw new HostArgsError(`--port must be 0..65535, not '${argv[i + 1]}'`);
        out.port = n;
        i++;
        break;
      }
      case '--max-upload-gb': {
        const n = Number(value(i, a));
        if (!Number.isFinite(n) || n <= 0)
          throw new HostArgsError(`--max-upload-gb must be a positive number, not '${argv[i + 1]}'`);
        out.maxUploadBytes = Math.floor(n * 1024 ** 3);
        i++;
        break;
      }
      case '--all-events':
        out.allEvents = true;
        break;
      default:
        if (a.startsWith('--')) throw new HostArgsError(`unknown option '${a}'`);
        out.inputs.push({ path: a, role: 'auto' });
    }
  }
  const sides = out.inputs.filter((x) => x.role === 'baseline' || x.role === 'problem').map((x) => x.role);
  if (new Set(sides).size !== sides.length)
    throw new HostArgsError('give at most one --baseline and one --problem');
  return out;
}
