/**
 * Worker-thread entry (bundled to dist/workers/pml-range-worker.cjs): decodes the blocks of a PML
 * file's events it claims for `readPml` on the other thread (see pml-parallel.ts) and posts the store builder's
 * columns back transferred. Cancelling is the parent terminating this thread.
 */
import { parentPort } from 'node:worker_threads';
import { TraceStore } from '../../store/trace-store';
import { decodePmlRange, type PmlRangeMessage, type PmlRangeRequest } from './pml-parallel';

const PROGRESS_MS = 100;

const port = parentPort;
if (port) {
  port.once('message', (req: PmlRangeRequest) => {
    let last = 0;
    decodePmlRange(req, (bytes, events) => {
      const now = Date.now();
      if (now - last < PROGRESS_MS) return;
      last = now;
      const msg: PmlRangeMessage = { type: 'progress', bytes, events };
      port.postMessage(msg);
    }).then(
      (result) => {
        const msg: PmlRangeMessage = { type: 'done', result };
        // A builder may hand out several views of one buffer, which may be listed only once.
        port.postMessage(msg, [...new Set(new TraceStore(result.store).transferables())]);
        port.close();
      },
      (e: unknown) => {
        const msg: PmlRangeMessage = { type: 'error', message: e instanceof Error ? e.message : String(e) };
        port.postMessage(msg);
        port.close();
      },
    );
  });
}
