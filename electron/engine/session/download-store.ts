/**
 * Files the browser-mode host made for the page to download (reports, exports, the case file). Kept
 * in memory under a random id for a while; the page fetches them once from `GET /api/download/<id>`.
 */
import { randomUUID } from 'node:crypto';

export interface Download {
  fileName: string;
  contentType: string;
  data: Uint8Array;
  created: number;
}

/** Enough for a few exports in a row without holding many reports in memory. */
const MAX_KEPT = 8;
const MAX_AGE_MS = 30 * 60_000;

export class DownloadStore {
  private readonly items = new Map<string, Download>();

  add(fileName: string, contentType: string, data: Uint8Array): string {
    this.prune();
    const id = randomUUID();
    this.items.set(id, { fileName, contentType, data, created: Date.now() });
    while (this.items.size > MAX_KEPT) this.items.delete(this.items.keys().next().value as string);
    return id;
  }

  get(id: string): Download | null {
    this.prune();
    return this.items.get(id) ?? null;
  }

  private prune(): void {
    const now = Date.now();
    for (const [id, d] of this.items) if (now - d.created > MAX_AGE_MS) this.items.delete(id);
  }
}

/** Content types of what the host offers for download. */
export const CONTENT_TYPES = {
  pdf: 'application/pdf',
  html: 'text/html; charset=utf-8',
  json: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  tdcase: 'application/json; charset=utf-8',
} as const;
