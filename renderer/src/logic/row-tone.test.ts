import { describe, expect, it } from 'vitest';
import type { ResultClass } from '../../../shared/model/result-class';
import {
  alignedTone,
  isDifference,
  isFailureRow,
  kindMarker,
  traceTone,
  type AlignedRowLike,
} from './row-tone';

const ev = (result: string, resultClass: ResultClass) => ({ result, resultClass });

describe('row tones', () => {
  it('marks failures red and context-dependent results amber in a single trace', () => {
    expect(traceTone('failure')).toBe('failure');
    expect(traceTone('context')).toBe('context');
    expect(traceTone('benign')).toBe('plain');
    expect(traceTone('success')).toBe('plain');
    expect(traceTone(undefined)).toBe('plain');
  });

  it('paints a changed result red only on the side that fails', () => {
    const row: AlignedRowLike = {
      kind: 'changed',
      baseline: ev('SUCCESS', 'success'),
      problem: ev('ACCESS DENIED', 'failure'),
    };
    expect(alignedTone(row, 'problem')).toBe('fail');
    expect(alignedTone(row, 'baseline')).toBe('plain');
    expect(isFailureRow(row)).toBe(true);
  });

  it('mutes failures both machines share', () => {
    const row: AlignedRowLike = {
      kind: 'same',
      baseline: ev('ACCESS DENIED', 'failure'),
      problem: ev('ACCESS DENIED', 'failure'),
    };
    expect(alignedTone(row, 'baseline')).toBe('both-fail');
    expect(alignedTone(row, 'problem')).toBe('both-fail');
    expect(isFailureRow(row)).toBe(false);
  });

  it('marks a differing context-dependent result amber', () => {
    const row: AlignedRowLike = {
      kind: 'changed',
      baseline: ev('SUCCESS', 'success'),
      problem: ev('NAME NOT FOUND', 'context'),
    };
    expect(alignedTone(row, 'problem')).toBe('context');
    expect(alignedTone(row, 'baseline')).toBe('plain');
  });

  it('hatches the problem side of baseline-only work and tints problem-only rows', () => {
    const bOnly: AlignedRowLike = {
      kind: 'baseline-only',
      baseline: ev('SUCCESS', 'success'),
      problem: null,
    };
    expect(alignedTone(bOnly, 'baseline')).toBe('baseline-only');
    expect(alignedTone(bOnly, 'problem')).toBe('never');
    const pOnly: AlignedRowLike = { kind: 'problem-only', baseline: null, problem: ev('SUCCESS', 'success') };
    expect(alignedTone(pOnly, 'problem')).toBe('problem-only');
    expect(alignedTone(pOnly, 'baseline')).toBe('gap');
    const pOnlyFail: AlignedRowLike = {
      kind: 'problem-only',
      baseline: null,
      problem: ev('ACCESS DENIED', 'failure'),
    };
    expect(alignedTone(pOnlyFail, 'problem')).toBe('fail');
  });

  it('knows which kinds are differences and gives each a marker', () => {
    expect(isDifference('changed')).toBe(true);
    expect(isDifference('baseline-only')).toBe(true);
    expect(isDifference('problem-only')).toBe(true);
    expect(isDifference('same')).toBe(false);
    expect(isDifference('collapsed')).toBe(false);
    expect(kindMarker('changed')).toBe('≠');
    expect(kindMarker('same')).toBe('');
  });
});
