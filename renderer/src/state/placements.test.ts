import { describe, expect, it } from 'vitest';
import { worthShowing } from './placements';

describe('where dropped files went', () => {
  it('is shown for a bundle or several placed files, not for one file or only refusals', () => {
    expect(worthShowing([{ name: 'a.log', bundle: 'b.zip', placed: 'log' }])).toBe(true);
    expect(
      worthShowing([
        { name: 'clean.CSV', placed: 'baseline' },
        { name: 'CBS.log', placed: 'log' },
      ]),
    ).toBe(true);
    expect(worthShowing([{ name: 'dism.log', placed: 'log' }])).toBe(false);
    // A refused loose file already shows as an error; a second line would repeat it.
    expect(
      worthShowing([
        { name: 'dism.log', placed: 'log' },
        { name: 'x.bin', placed: 'skipped', reason: 'not a capture' },
      ]),
    ).toBe(false);
  });
});
