/**
 * Jobs are the long operations the user sees on the progress line (reading a file, comparing).
 * Progress events are throttled per job so a reader reporting every few thousand events does not
 * flood the renderer; a job's first report and its end are always sent.
 */
import type { JobProgress, JobState } from '../../../shared/contract';

export const PROGRESS_INTERVAL_MS = 100;
/** Finished jobs stay listed (the user reads why a file failed) up to this many. */
const KEEP_FINISHED = 32;

export interface ProgressUpdate {
  bytesRead?: number;
  bytesTotal?: number;
  events?: number;
}

export class Job {
  private readonly startedAt = Date.now();
  private lastSent = 0;
  readonly progress: JobProgress;
  /** Stops the work; set by whoever runs the job. */
  cancelWork: (() => void) | null = null;

  constructor(
    id: string,
    label: string,
    file: string,
    private readonly emit: (job: Job) => void,
  ) {
    this.progress = {
      jobId: id,
      label,
      file,
      bytesRead: 0,
      bytesTotal: 0,
      events: 0,
      rate: 0,
      state: 'running',
    };
  }

  get id(): string {
    return this.progress.jobId;
  }

  get running(): boolean {
    return this.progress.state === 'running';
  }

  update(u: ProgressUpdate): void {
    if (!this.running) return;
    const p = this.progress;
    if (u.bytesRead !== undefined) p.bytesRead = u.bytesRead;
    if (u.bytesTotal !== undefined) p.bytesTotal = u.bytesTotal;
    if (u.events !== undefined) p.events = u.events;
    const seconds = (Date.now() - this.startedAt) / 1000;
    p.rate = seconds > 0 ? Math.round(p.events / seconds) : 0;
    const now = Date.now();
    if (now - this.lastSent >= PROGRESS_INTERVAL_MS) {
      this.lastSent = now;
      this.emit(this);
    }
  }

  /** Marks progress as work units rather than bytes (a job that reads no file). */
  countsWork(): void {
    this.progress.unit = 'work';
  }

  setLabel(label: string): void {
    this.progress.label = label;
  }

  finish(state: Exclude<JobState, 'running'>, error?: string): void {
    if (!this.running) return;
    this.progress.state = state;
    if (state === 'done' && this.progress.bytesTotal > 0) this.progress.bytesRead = this.progress.bytesTotal;
    if (error) this.progress.error = error;
    const seconds = (Date.now() - this.startedAt) / 1000;
    this.progress.rate = seconds > 0 ? Math.round(this.progress.events / seconds) : 0;
    this.emit(this);
  }
}

export class JobRegistry {
  private readonly jobs = new Map<string, Job>();
  private next = 1;

  constructor(private readonly emit: (progress: JobProgress) => void) {}

  start(label: string, file: string): Job {
    const job = new Job(`job-${this.next++}`, label, file, (j) => this.emit({ ...j.progress }));
    this.jobs.set(job.id, job);
    this.prune();
    job.update({});
    return job;
  }

  get(id: string): Job | undefined {
    return this.jobs.get(id);
  }

  anyRunning(): boolean {
    for (const j of this.jobs.values()) if (j.running) return true;
    return false;
  }

  /** Drops finished jobs that completed normally; failures stay until the next batch starts. */
  clearFinished(keepFailures: boolean): void {
    for (const [id, j] of this.jobs) {
      if (j.running) continue;
      if (keepFailures && j.progress.state === 'failed') continue;
      this.jobs.delete(id);
    }
  }

  snapshot(): JobProgress[] {
    return [...this.jobs.values()].map((j) => ({ ...j.progress }));
  }

  private prune(): void {
    const finished = [...this.jobs.values()].filter((j) => !j.running);
    for (const j of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) this.jobs.delete(j.id);
  }
}
