import { describe, expect, it } from 'vitest';
import type { ProcessInfo } from '../../../../shared/model/trace';
import { buildProcessTree, visibleRows } from './process-data';

const proc = (pid: number, parentPid: number, name: string, startTime = ''): ProcessInfo => ({
  index: pid,
  pid,
  parentPid,
  name,
  imagePath: '',
  commandLine: '',
  user: '',
  integrity: '',
  company: '',
  description: '',
  version: '',
  startTime,
  endTime: '',
  is64bit: null,
  modules: [],
});

describe('process tree', () => {
  it('links children to parents, puts one-machine-only processes and failures first', () => {
    const list = [
      proc(4, -1, 'System'),
      proc(600, 4, 'services.exe'),
      proc(900, 600, 'svchost.exe'),
      proc(3032, 600, 'TiWorker.exe'),
      proc(5000, 600, 'vEdsmService.exe'),
      proc(7000, 9999, 'orphan.exe'),
    ];
    const stats = [
      { pid: 900, name: 'svchost.exe', events: 500, failures: 0 },
      { pid: 3032, name: 'TiWorker.exe', events: 100, failures: 3 },
      { pid: 5000, name: 'vEdsmService.exe', events: 10, failures: 0 },
    ];
    const other = new Set(['system', 'services.exe', 'svchost.exe', 'tiworker.exe', 'orphan.exe']);
    const roots = buildProcessTree(list, stats, other);
    expect(roots.map((r) => r.info.name)).toEqual(['System', 'orphan.exe']);
    const services = roots[0].children[0];
    expect(services.children.map((c) => c.info.name)).toEqual([
      'vEdsmService.exe',
      'TiWorker.exe',
      'svchost.exe',
    ]);
    expect(services.children[0].onlyHere).toBe(true);
    expect(services.children[1].failures).toBe(3);
    expect(services.children[1].depth).toBe(2);
    const collapsed = new Set([services.info]);
    expect(visibleRows(roots, collapsed).map((n) => n.info.name)).toEqual([
      'System',
      'services.exe',
      'orphan.exe',
    ]);
  });

  it('keeps a flat list flat (CSV captures have no parent PIDs) and survives a PID cycle', () => {
    const roots = buildProcessTree([proc(1, -1, 'a.exe'), proc(2, -1, 'b.exe')], [], new Set());
    expect(roots).toHaveLength(2);
    const cyc = buildProcessTree([proc(1, 2, 'a.exe'), proc(2, 1, 'b.exe')], [], new Set());
    expect(visibleRows(cyc, new Set()).length).toBe(2);
  });
});
