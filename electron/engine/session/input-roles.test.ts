import { describe, expect, it } from 'vitest';
import { assignSides, sideHintFromName } from './input-roles';

describe('side hints from file names', () => {
  it('reads the usual words in English and Chinese', () => {
    expect(sideHintFromName('baseline-clean-image.CSV')).toBe('baseline');
    expect(sideHintFromName('problem-managed-image.CSV')).toBe('problem');
    expect(sideHintFromName('good.pml')).toBe('baseline');
    expect(sideHintFromName('Logfile_FAILED_0x8024200d.PML')).toBe('problem');
    expect(sideHintFromName('正常机器.CSV')).toBe('baseline');
    expect(sideHintFromName('问题机器.CSV')).toBe('problem');
  });

  it('gives no hint for names that say nothing or both', () => {
    expect(sideHintFromName('Logfile.PML')).toBeNull();
    expect(sideHintFromName('clean-then-failed.csv')).toBeNull();
    // Words, not substrings: "badge" is not "bad", "okay" is not "ok".
    expect(sideHintFromName('badge-okay.csv')).toBeNull();
  });
});

describe('assigning sides', () => {
  it('follows the names whatever the order', () => {
    expect(
      assignSides(
        [
          { name: 'managed.CSV', role: 'auto' },
          { name: 'clean.CSV', role: 'auto' },
        ],
        new Set(),
      ),
    ).toEqual(['problem', 'baseline']);
  });

  it('fills baseline then problem when names say nothing, empty sides first', () => {
    expect(
      assignSides(
        [
          { name: 'a.pml', role: 'auto' },
          { name: 'b.pml', role: 'auto' },
        ],
        new Set(),
      ),
    ).toEqual(['baseline', 'problem']);
    expect(assignSides([{ name: 'a.pml', role: 'auto' }], new Set(['baseline']))).toEqual(['problem']);
  });

  it('lets explicit roles win and leaves a third capture without a side', () => {
    expect(
      assignSides(
        [
          { name: 'clean.pml', role: 'problem' },
          { name: 'x.pml', role: 'auto' },
          { name: 'y.pml', role: 'auto' },
        ],
        new Set(),
      ),
    ).toEqual(['problem', 'baseline', null]);
  });
});
