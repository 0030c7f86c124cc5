/**
 * Worker-thread entry (bundled to dist/workers/ingest-worker.cjs): receives one WorkerIngestRequest,
 * posts progress about every 100 ms, then the finished store with its typed arrays transferred (and,
 * when asked, the trace's comparison keys, computed here beside the reading of the other trace).
 * Cancelling is the parent terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import { aheadKeysTransferables, keyTraceAhead } from '../analysis/side-keys';
import { ingestTrace } from '../ingest/ingest';
import type { WorkerIngestMessage, WorkerIngestRequest } from './run-in-worker';

const port = parentPort;
if (port) {
  port.once('message', (req: WorkerIngestRequest) => {
    let last = 0;
    ingestTrace(req.path, {
      allEvents: req.allEvents,
      displayName: req.displayName,
      onProgress: (p) => {
        const now = Date.now();
        if (now - last < 100 && p.bytesRead < p.bytesTotal) return;
        last = now;
        const msg: WorkerIngestMessage = { type: 'progress', ...p };
        port.postMessage(msg);
      },
    }).then(
      (store) => {
        const keys = req.keyRules ? keyTraceAhead(store, req.keyRules) : undefined;
        const msg: WorkerIngestMessage = { type: 'done', store: store.cols, keys };
        // Deduplicated: a reader may hand out several views of one buffer, which may be listed only once.
        const transfer = new Set<ArrayBuffer>(store.transferables());
        if (keys) for (const b of aheadKeysTransferables(keys)) transfer.add(b);
        port.postMessage(msg, [...transfer]);
        port.close();
      },
      (e: unknown) => {
        const msg: WorkerIngestMessage = {
          type: 'error',
          name: e instanceof Error ? e.name : 'Error',
          message: e instanceof Error ? e.message : String(e),
        };
        port.postMessage(msg);
        port.close();
      },
    );
  });
}
