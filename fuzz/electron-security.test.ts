/**
 * Runs the Electron security lint (scripts/electronegativity.mjs: Electronegativity plus the
 * checklist assertions) so it is part of `npm test`: no HIGH or MEDIUM finding may be left
 * unexplained and every checklist item must hold.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

interface LintReport {
  electronegativity: {
    checks: number;
    parseErrors: string[];
    issues: { id: string }[];
    unexplained: unknown[];
  };
  checklist: { name: string; ok: boolean; detail?: string }[];
  ok: boolean;
}

describe('Electron security lint', () => {
  it('passes Electronegativity and the checklist', () => {
    const r = spawnSync(process.execPath, ['scripts/electronegativity.mjs', '--json'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.stderr).not.toMatch(/Error/);
    const report = JSON.parse(r.stdout) as LintReport;
    expect(report.electronegativity.checks).toBeGreaterThan(30);
    expect(report.electronegativity.parseErrors).toEqual([]);
    expect(report.electronegativity.unexplained).toEqual([]);
    expect(report.checklist.filter((c) => !c.ok)).toEqual([]);
    expect(report.checklist.length).toBeGreaterThan(15);
    expect(r.status).toBe(0);
  });
});
