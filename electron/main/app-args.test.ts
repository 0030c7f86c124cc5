import { describe, expect, it } from 'vitest';
import { parseAppArgs } from './app-args';

describe('desktop app arguments', () => {
  it('takes sides, logs and loose files, in both flag forms', () => {
    expect(
      parseAppArgs([
        '--baseline',
        'C:\\cases\\clean.pml',
        '--problem=D:\\managed.pml',
        '--log',
        'CBS.log',
        'dism.log',
      ]).inputs,
    ).toEqual([
      { path: 'C:\\cases\\clean.pml', role: 'baseline' },
      { path: 'D:\\managed.pml', role: 'problem' },
      { path: 'CBS.log', role: 'log' },
      { path: 'dism.log', role: 'auto' },
    ]);
  });

  it("leaves Electron's and Chromium's own switches and the app bundle alone", () => {
    const a = parseAppArgs([
      '--no-sandbox',
      '--inspect=0',
      '--remote-debugging-port=0',
      'dist/electron/main.cjs',
      '.',
      '--all-events',
    ]);
    expect(a.inputs).toEqual([]);
    expect(a.allEvents).toBe(true);
  });
});
