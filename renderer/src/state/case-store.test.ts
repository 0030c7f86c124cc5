import { describe, expect, it } from 'vitest';
import type { AnnotationView, CaseState } from '../../../shared/contract';
import { annotationsCovering, marksOf } from './case-store';

function stateWith(views: AnnotationView[]): CaseState {
  return {
    case: {
      version: 1,
      title: '',
      conclusion: '',
      created: '',
      updated: '',
      appVersion: 'test',
      metadata: {
        ticket: '',
        customer: '',
        engineer: '',
        machines: { baseline: { name: '', os: '' }, problem: { name: '', os: '' } },
      },
      inputs: [],
      annotations: [],
      rules: [],
      view: {},
    },
    path: null,
    location: null,
    dirty: false,
    savedAt: null,
    annotations: views,
    inputs: [],
    autosaveError: null,
    notices: [],
  };
}

const views: AnnotationView[] = [
  { id: 'a', ref: { type: 'aligned', baselineSeq: 812, problemSeq: 790 }, summary: '' },
  { id: 'e', ref: { type: 'event', side: 'problem', seq: 5 }, summary: '' },
  { id: 'l', ref: { type: 'log', logId: 'log-3', line: 42 }, summary: '' },
  { id: 'f', ref: { type: 'finding', findingKey: 'abc' }, summary: '' },
  { id: 'x', ref: null, detached: 'input-not-loaded', summary: '' },
];

describe('case store', () => {
  it('turns annotations into the sets the grids read (an aligned mark marks both its events)', () => {
    const m = marksOf(stateWith(views));
    expect([...m.events].sort()).toEqual(['baseline:812', 'problem:5', 'problem:790']);
    expect([...m.logs]).toEqual(['log-3:42']);
    expect([...m.findings]).toEqual(['abc']);
  });

  it('finds the marks a row shows: the same target, and for an aligned row marks on its events', () => {
    const s = stateWith(views);
    expect(annotationsCovering(s, { type: 'aligned', baselineSeq: 812, problemSeq: 790 })).toEqual(['a']);
    expect(annotationsCovering(s, { type: 'aligned', baselineSeq: -1, problemSeq: 5 })).toEqual(['e']);
    expect(annotationsCovering(s, { type: 'aligned', baselineSeq: 1, problemSeq: 2 })).toEqual([]);
    expect(annotationsCovering(s, { type: 'log', logId: 'log-3', line: 42 })).toEqual(['l']);
    expect(annotationsCovering(s, { type: 'log', logId: 'log-3', line: 43 })).toEqual([]);
    expect(annotationsCovering(s, { type: 'finding', findingKey: 'abc' })).toEqual(['f']);
    expect(annotationsCovering(null, { type: 'finding', findingKey: 'abc' })).toEqual([]);
  });
});
