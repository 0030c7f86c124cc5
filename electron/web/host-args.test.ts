import { describe, expect, it } from 'vitest';
import { HostArgsError, parseHostArgs } from './host-args';

describe('browser-mode host arguments', () => {
  it('reads sides, logs, loose files and options', () => {
    const a = parseHostArgs([
      '--baseline',
      'a.pml',
      '--problem',
      'b.pml',
      '--log',
      'CBS.log',
      'x.evtx',
      '--port',
      '0',
      '--max-upload-gb',
      '1',
      '--all-events',
    ]);
    expect(a.inputs).toEqual([
      { path: 'a.pml', role: 'baseline' },
      { path: 'b.pml', role: 'problem' },
      { path: 'CBS.log', role: 'log' },
      { path: 'x.evtx', role: 'auto' },
    ]);
    expect(a.port).toBe(0);
    expect(a.maxUploadBytes).toBe(1024 ** 3);
    expect(a.allEvents).toBe(true);
  });

  it('defaults to no files (the demo), the default port and an 8 GiB upload limit', () => {
    const a = parseHostArgs([]);
    expect(a).toMatchObject({ inputs: [], port: null, maxUploadBytes: 8 * 1024 ** 3, help: false });
  });

  it('refuses what it cannot use, with the reason', () => {
    expect(() => parseHostArgs(['--port', '70000'])).toThrow(HostArgsError);
    expect(() => parseHostArgs(['--port'])).toThrow(/needs a value/);
    expect(() => parseHostArgs(['--baseline', '--problem', 'b'])).toThrow(/needs a value/);
    expect(() => parseHostArgs(['--baseline', 'a', '--baseline', 'b'])).toThrow(/at most one/);
    expect(() => parseHostArgs(['--max-upload-gb', '-1'])).toThrow(/positive/);
    expect(() => parseHostArgs(['--frobnicate'])).toThrow(/unknown option/);
  });
});
