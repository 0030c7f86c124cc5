/**
 * The desktop app's command line: `--baseline A --problem B [--log F]... [FILE...]`. Tolerant of the
 * switches Electron and Chromium put on the same command line (`--inspect`, `--no-sandbox`, ...):
 * anything it does not know is left alone.
 */
import type { InputRole } from '../../shared/contract';

export interface AppInputs {
  inputs: { path: string; role: InputRole }[];
  allEvents: boolean;
}

export function parseAppArgs(argv: readonly string[]): AppInputs {
  const out: AppInputs = { inputs: [], allEvents: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (flag === '--baseline' || flag === '--problem' || flag === '--log') {
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value) out.inputs.push({ path: value, role: flag.slice(2) as InputRole });
    } else if (a === '--all-events') {
      out.allEvents = true;
    } else if (!a.startsWith('-') && !/\.(c?js|asar)$/i.test(a) && a !== '.') {
      out.inputs.push({ path: a, role: 'auto' });
    }
  }
  return out;
}
