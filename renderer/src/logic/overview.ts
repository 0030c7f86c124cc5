/**
 * The overview bar summarises the whole aligned trace in a fixed number of buckets: how many
 * differences and real failures fall into each slice of the row range.
 */
import type { AlignedKind } from '../../../shared/model/finding';
import { isDifference } from './row-tone';

export interface OverviewBucket {
  differences: number;
  failures: number;
}

export interface OverviewSample {
  /** Position of the row in the displayed aligned list. */
  position: number;
  kind: AlignedKind;
  failure: boolean;
}

export function emptyBuckets(count: number): OverviewBucket[] {
  return Array.from({ length: count }, () => ({ differences: 0, failures: 0 }));
}

export function bucketOf(position: number, total: number, buckets: number): number {
  if (total <= 0 || buckets <= 0) return 0;
  return Math.min(buckets - 1, Math.max(0, Math.floor((position / total) * buckets)));
}

/** Adds samples to buckets in place (samples may arrive page by page). */
export function addSamples(
  target: OverviewBucket[],
  samples: readonly OverviewSample[],
  total: number,
): void {
  for (const s of samples) {
    const b = target[bucketOf(s.position, total, target.length)];
    if (isDifference(s.kind)) b.differences += 1;
    if (s.failure) b.failures += 1;
  }
}

/** First row position of a bucket, for click-to-jump. */
export function positionOfBucket(bucket: number, total: number, buckets: number): number {
  if (total <= 0 || buckets <= 0) return 0;
  return Math.min(total - 1, Math.floor((bucket / buckets) * total));
}

/**
 * Which pages to read to sample the aligned list: everything when it is small, otherwise evenly
 * spread pages so the host reads at most `budget` rows.
 */
export function samplePages(
  total: number,
  pageSize: number,
  budget: number,
): { offset: number; limit: number }[] {
  if (total <= 0) return [];
  if (total <= budget) {
    const pages: { offset: number; limit: number }[] = [];
    for (let offset = 0; offset < total; offset += pageSize)
      pages.push({ offset, limit: Math.min(pageSize, total - offset) });
    return pages;
  }
  const count = Math.max(1, Math.floor(budget / pageSize));
  const stride = total / count;
  const pages: { offset: number; limit: number }[] = [];
  for (let i = 0; i < count; i++) {
    const offset = Math.floor(i * stride);
    pages.push({ offset, limit: Math.min(pageSize, total - offset) });
  }
  return pages;
}
