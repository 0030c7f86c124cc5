import { describe, expect, it } from 'vitest';
import type { WorkbenchState } from '../../../shared/contract';
import type { TraceSummary } from '../../../shared/model/trace';
import { appStateOf, type TrackedJob } from './workbench-store';

const state = (traces: WorkbenchState['traces']): WorkbenchState => ({
  contractVersion: 1,
  appVersion: '0.1.0',
  host: 'web',
  traces,
  logs: [],
  compare: null,
  jobs: [],
  demo: false,
  caseTitle: '',
});
const trace = { id: 't1', side: 'problem', events: 10 } as TraceSummary;
const job = (s: TrackedJob['state']): Record<string, TrackedJob> => ({
  j: {
    jobId: 'j',
    label: 'Reading',
    file: 'a.pml',
    bytesRead: 1,
    bytesTotal: 2,
    events: 0,
    rate: 0,
    state: s,
    seenAt: 0,
  },
});

describe('readiness marker', () => {
  it('is loading until the host answers, while a job runs, and while the lists are read', () => {
    expect(appStateOf(null, true, {})).toBe('loading');
    expect(appStateOf(state({ problem: trace }), false, job('running'))).toBe('loading');
    expect(appStateOf(state({ problem: trace }), false, {}, true)).toBe('loading');
  });

  it('is loaded with a trace and empty without one', () => {
    expect(appStateOf(state({ problem: trace }), false, job('done'))).toBe('loaded');
    expect(appStateOf(state({}), false, {})).toBe('empty');
    expect(appStateOf(null, false, {})).toBe('empty');
  });
});
