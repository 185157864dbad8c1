/**
 * The workspace scan's analysis thread (bundled as dist/scan-worker.js): analyses one project file
 * per message with the same engine call the scan makes in process, so that a long scan never holds
 * up the language server's own thread while someone types. Pure: text in, findings and summary out.
 */
import { parentPort } from 'node:worker_threads';
import { onInternalError } from '../engine/analyze';
import { analyzeForProject } from '../engine/project/scan';
import type { WorkerReply, WorkerRequest } from './worker-analyzer';

const port = parentPort;
if (!port) throw new Error('analysis-worker runs in a worker thread');

onInternalError((ruleId, e) => port.postMessage({ kind: 'log', message: `rule ${ruleId} failed: ${e instanceof Error ? e.message : String(e)}` } satisfies WorkerReply));

// One file at a time, in the order they came: the host counts on it (a dead worker was on the
// oldest file still waiting).
let queue: Promise<void> = Promise.resolve();
port.on('message', (req: WorkerRequest) => {
  queue = queue.then(async () => {
    try {
      const result = await analyzeForProject(req.input, req.options);
      port.postMessage({ kind: 'result', id: req.id, result } satisfies WorkerReply);
    } catch (e) {
      port.postMessage({ kind: 'error', id: req.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
    }
  });
});
