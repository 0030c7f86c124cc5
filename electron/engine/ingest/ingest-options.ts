/** Options every trace reader accepts (CSV, XML, PML); kept apart from ingest.ts so readers can share it. */
export interface IngestProgress {
  bytesRead: number;
  bytesTotal: number;
  events: number;
}

export interface IngestOptions {
  onProgress?(p: IngestProgress): void;
  signal?: AbortSignal;
  /** Turn off Procmon's default display filter (PML only: CSV/XML hold what the export kept). */
  allEvents?: boolean;
  /** Name shown for the file (an upload's original name); defaults to the path's base name. */
  displayName?: string;
}
