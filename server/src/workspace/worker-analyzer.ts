/**
 * Runs the workspace scan's file analyses on a worker thread (analysis-worker.ts), one file at a
 * time in order, so that the language server's thread stays free for the documents being edited.
 *
 * A worker that dies (a grammar running out of memory on a pathological file) costs only the file
 * it was analysing: that file is reported as not checked, a new worker takes the next file. After
 * `maxRestarts` deaths, or when no worker can be started, analyses run in process, as in the CLI.
 */
import * as fs from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { DocumentInput } from '../engine/analyze';
import { analyzeForProject, type FileAnalysis } from '../engine/project/scan';
import type { AnalyzeOptions } from '../engine/types';

export interface WorkerRequest {
  id: number;
  input: DocumentInput;
  options: AnalyzeOptions;
}

export type WorkerReply =
  | { kind: 'result'; id: number; result: FileAnalysis }
  | { kind: 'error'; id: number; message: string }
  | { kind: 'log'; message: string };

export interface WorkerAnalyzerOptions {
  /** The bundled worker script (dist/scan-worker.js). */
  script: string;
  log(message: string): void;
  /** Worker deaths tolerated before analyses move in process. Default 3. */
  maxRestarts?: number;
}

interface Pending {
  request: WorkerRequest;
  resolve(r: FileAnalysis): void;
  reject(e: Error): void;
}

export class WorkerAnalyzer {
  private worker: Worker | undefined;
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private deaths = 0;
  private inProcess = false;
  private disposed = false;

  constructor(private readonly options: WorkerAnalyzerOptions) {}

  /** Where analyses run now (for logs and tests). */
  get mode(): 'worker' | 'in-process' {
    return this.inProcess ? 'in-process' : 'worker';
  }

  /** Analyses one file like `analyzeForProject`, on the worker thread. */
  analyze = (input: DocumentInput, options: AnalyzeOptions): Promise<FileAnalysis> => {
    if (this.disposed) return Promise.reject(new Error('the scan worker was stopped'));
    const worker = this.inProcess ? undefined : this.ensureWorker();
    if (!worker) return analyzeForProject(input, options);
    const request: WorkerRequest = { id: ++this.nextId, input, options };
    return new Promise<FileAnalysis>((resolve, reject) => {
      this.pending.set(request.id, { request, resolve, reject });
      // The worker keeps the process alive only while it has work.
      if (this.pending.size === 1) worker.ref();
      worker.postMessage(request);
    });
  };

  /** Stops the worker; analyses still waiting are rejected. */
  dispose(): void {
    this.disposed = true;
    const worker = this.worker;
    this.worker = undefined;
    void worker?.terminate();
    for (const p of this.pending.values()) p.reject(new Error('the scan worker was stopped'));
    this.pending.clear();
  }

  private ensureWorker(): Worker | undefined {
    if (this.worker) return this.worker;
    if (!fs.existsSync(this.options.script)) return this.moveInProcess(`the scan worker ${this.options.script} is missing`);
    let worker: Worker;
    try {
      worker = new Worker(this.options.script);
    } catch (e) {
      return this.moveInProcess(`the scan worker could not start: ${e instanceof Error ? e.message : String(e)}`);
    }
    worker.unref();
    if (this.deaths === 0) this.options.log('the workspace scan analyses files on a worker thread');
    worker.on('message', (reply: WorkerReply) => this.onReply(reply));
    worker.on('error', (e) => this.options.log(`scan worker error: ${e.message}`));
    worker.on('exit', (code) => this.onExit(worker, code));
    this.worker = worker;
    return worker;
  }

  private moveInProcess(reason: string): undefined {
    this.inProcess = true;
    this.options.log(`${reason}; the workspace scan analyses files on the server's thread`);
    return undefined;
  }

  private onReply(reply: WorkerReply): void {
    if (reply.kind === 'log') {
      this.options.log(reply.message);
      return;
    }
    const p = this.pending.get(reply.id);
    if (!p) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (reply.kind === 'result') p.resolve(reply.result);
    else p.reject(new Error(reply.message));
  }

  private onExit(worker: Worker, code: number): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    if (this.disposed) return;
    this.deaths++;
    const waiting = [...this.pending.values()].sort((a, b) => a.request.id - b.request.id);
    this.pending.clear();
    // Requests are answered in order: the first one waiting is the file the worker was on.
    const [current, ...rest] = waiting;
    this.options.log(`the scan worker stopped (exit code ${code})${current ? ` while analysing ${current.request.input.path}` : ''}`);
    current?.resolve({ findings: [], skipped: { reason: 'parse-failed', message: 'Not checked: analysing this file stopped the scan worker.' } });
    if (this.deaths >= (this.options.maxRestarts ?? 3)) this.moveInProcess(`the scan worker stopped ${this.deaths} times`);
    for (const p of rest) this.analyze(p.request.input, p.request.options).then(p.resolve, p.reject);
  }
}
