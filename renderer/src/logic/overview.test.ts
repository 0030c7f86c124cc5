import { describe, expect, it } from 'vitest';
import { addSamples, bucketOf, emptyBuckets, positionOfBucket, samplePages } from './overview';

describe('overview buckets', () => {
  it('puts rows into proportional buckets and counts differences and failures', () => {
    const buckets = emptyBuckets(4);
    addSamples(
      buckets,
      [
        { position: 0, kind: 'same', failure: false },
        { position: 10, kind: 'changed', failure: true },
        { position: 55, kind: 'baseline-only', failure: false },
        { position: 99, kind: 'problem-only', failure: false },
        { position: 98, kind: 'collapsed', failure: false },
      ],
      100,
    );
    expect(buckets).toEqual([
      { differences: 1, failures: 1 },
      { differences: 0, failures: 0 },
      { differences: 1, failures: 0 },
      { differences: 1, failures: 0 },
    ]);
  });

  it('maps between buckets and positions at the ends of the range', () => {
    expect(bucketOf(0, 1000, 10)).toBe(0);
    expect(bucketOf(999, 1000, 10)).toBe(9);
    expect(bucketOf(5000, 1000, 10)).toBe(9);
    expect(positionOfBucket(0, 1000, 10)).toBe(0);
    expect(positionOfBucket(5, 1000, 10)).toBe(500);
    expect(positionOfBucket(10, 1000, 10)).toBe(999);
  });

  it('reads everything when small and spread pages within the budget when large', () => {
    expect(samplePages(4500, 2000, 10_000)).toEqual([
      { offset: 0, limit: 2000 },
      { offset: 2000, limit: 2000 },
      { offset: 4000, limit: 500 },
    ]);
    const pages = samplePages(10_000_000, 2000, 60_000);
    expect(pages).toHaveLength(30);
    expect(pages[0].offset).toBe(0);
    expect(pages[29].offset).toBeGreaterThan(9_000_000);
    expect(pages.reduce((n, p) => n + p.limit, 0)).toBeLessThanOrEqual(60_000);
    expect(samplePages(0, 2000, 60_000)).toEqual([]);
  });
});
