import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CliError, type CliIo } from '../cli-io';
import { runInspect } from './inspect';

const SAMPLES = path.resolve(process.cwd(), '../shared/samples/procmon');

function capture(): CliIo & { text: string; errText: string } {
  const io = {
    text: '',
    errText: '',
    out: (s: string) => {
      io.text += s;
    },
    err: (s: string) => {
      io.errText += s;
    },
  };
  return io;
}

describe('tracediff inspect', () => {
  it('prints kind, encoding, events, processes, time range and warnings', async () => {
    const io = capture();
    const code = await runInspect(
      [
        path.join(SAMPLES, 'procmon-parser_UTC64Process.CSV'),
        path.join(SAMPLES, 'cucsec-first-blood_Logfile_excel-resaved.CSV'),
      ],
      io,
    );
    expect(code).toBe(0);
    expect(io.text).toContain('kind:       procmon-csv (a Procmon CSV export)');
    expect(io.text).toContain('encoding:   UTF-8 with BOM');
    expect(io.text).toContain('events:     3,400');
    expect(io.text).toMatch(/time: +2020-07-31T07:37:18\.2093997 \.\. 2020-07-31T07:43:04/);
    expect(io.text).toContain('procmon-csv-excel');
    expect(io.text).toMatch(/warnings: +1\n +line 2: this CSV was re-saved by Excel/);
  });

  it('shows the stack export as a stack, not a trace', async () => {
    const io = capture();
    expect(await runInspect([path.join(SAMPLES, 'nikit34-lab_os4_create_child_logs_stack.CSV')], io)).toBe(0);
    expect(io.text).toMatch(/procmon-stack-csv .*not a trace/);
    expect(io.text).toMatch(/frames: +\d+ \(\d+ kernel\)/);
    expect(io.text).toContain('FLTMGR.SYS FltDecodeParameters + 0x1cfd');
  });

  it('reads the XML export', async () => {
    const io = capture();
    expect(await runInspect([path.join(SAMPLES, 'epicmine901-epic_Logfile.XML')], io)).toBe(0);
    expect(io.text).toContain('events:     543');
    expect(io.text).toContain('processes:  185');
  });

  it('names a file of another kind and exits 1, still inspecting the rest', async () => {
    const io = capture();
    const code = await runInspect(
      [path.join(SAMPLES, 'README.md'), path.join(SAMPLES, 'feijing2132-monitorAPIs_Logfile.CSV')],
      io,
    );
    expect(code).toBe(1);
    expect(io.errText).toMatch(/README\.md is not a ProcMon export .*it looks like a text file/);
    expect(io.text).toContain('events:     52');
  });

  it('hands log files to the log readers', async () => {
    const io = capture();
    const cbs = path.resolve(process.cwd(), '../shared/samples/winlogs/text/CBS_excerpt.log');
    expect(await runInspect([cbs], io)).toBe(0);
    expect(io.text).toContain('cbs-log');
  });

  it('needs a file', async () => {
    await expect(runInspect([], capture())).rejects.toBeInstanceOf(CliError);
  });
});
