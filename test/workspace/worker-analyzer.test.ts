/**
 * The workspace scan's worker thread (dist/scan-worker.js, built by `npm run build`): the same
 * results as an analysis in process, a dead worker costs one file, and without a worker the scan
 * still works. Also: a result that arrives after a newer scan started is not used.
 */
import { after, describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeForProject, type FileAnalysis } from '../../server/src/engine/project/scan';
import { languageFor } from '../../server/src/engine/languages';
import { ProjectScanner } from '../../server/src/workspace/project-scanner';
import { WorkerAnalyzer } from '../../server/src/workspace/worker-analyzer';
import { walkProject } from '../../server/src/workspace/walk';

const ROOT = path.join(__dirname, '..', '..');
const SCRIPT = path.join(ROOT, 'dist', 'scan-worker.js');
const PROJECTS = path.join(ROOT, 'test', 'fixtures', 'projects');

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-worker-'));
after(() => fs.rmSync(scratch, { recursive: true, force: true }));

/** Every source file of a fixture project, as the scan would hand it over. */
async function sources(project: string): Promise<{ path: string; text: string }[]> {
  const root = path.join(PROJECTS, project);
  const { files } = await walkProject(root, {});
  return files.filter((f) => languageFor(f)).map((rel) => ({ path: rel, text: fs.readFileSync(path.join(root, rel), 'utf8') }));
}

/** A worker script that dies on its first message, like a thread that ran out of memory. */
function dyingWorker(): string {
  const script = path.join(scratch, 'dying-worker.js');
  fs.writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(7));\n");
  return script;
}

describe('WorkerAnalyzer', () => {
  it('gives the results of an analysis in process, for every file of the fixture projects', async () => {
    assert.ok(fs.existsSync(SCRIPT), `${SCRIPT} exists (npm run build)`);
    const logs: string[] = [];
    const worker = new WorkerAnalyzer({ script: SCRIPT, log: (m) => logs.push(m) });
    try {
      let compared = 0;
      for (const project of fs.readdirSync(PROJECTS).sort()) {
        const files = await sources(project);
        // All of a project's files at once: the worker answers them in order.
        const viaWorker = await Promise.all(files.map((f) => worker.analyze(f, { gitIgnored: false })));
        for (const [i, f] of files.entries()) {
          const local = await analyzeForProject(f, { gitIgnored: false });
          assert.deepEqual(viaWorker[i], local, `${project}/${f.path}`);
          compared++;
        }
      }
      assert.ok(compared > 60, `compared ${compared} files`);
      assert.equal(worker.mode, 'worker');
      assert.deepEqual(logs, ['the workspace scan analyses files on a worker thread']);
    } finally {
      worker.dispose();
    }
  });

  it('a worker that dies costs the file it was on; after three deaths the analyses run in process', async () => {
    const logs: string[] = [];
    const worker = new WorkerAnalyzer({ script: dyingWorker(), log: (m) => logs.push(m) });
    const input = { path: 'src/server.js', text: "require('express')().listen(3000);\n" };
    try {
      const results: FileAnalysis[] = [];
      for (let i = 0; i < 3; i++) results.push(await worker.analyze(input, {}));
      for (const r of results) {
        assert.deepEqual(r.findings, []);
        assert.equal(r.skipped?.reason, 'parse-failed');
        assert.match(r.skipped?.message ?? '', /stopped the scan worker/);
      }
      assert.equal(worker.mode, 'in-process');
      assert.match(logs.join('\n'), /stopped \(exit code 7\) while analysing src\/server\.js/);
      assert.match(logs.join('\n'), /stopped 3 times; the workspace scan analyses files on the server's thread/);
      const after3 = await worker.analyze(input, {});
      assert.deepEqual(after3, await analyzeForProject(input, {}));
      assert.deepEqual(after3.findings.map((f) => f.ruleId), ['no-fixed-port']);
    } finally {
      worker.dispose();
    }
  });

  it('files queued behind the one that killed the worker are analysed by the next worker', async () => {
    // The real worker, except that it dies on one file.
    const script = path.join(scratch, 'crash-on-one-file.js');
    fs.writeFileSync(
      script,
      `require('node:worker_threads').parentPort.on('message', (req) => { if (req.input.path === 'crash.js') process.exit(9); });\nrequire(${JSON.stringify(SCRIPT)});\n`,
    );
    const logs: string[] = [];
    const worker = new WorkerAnalyzer({ script, log: (m) => logs.push(m) });
    try {
      const a = await worker.analyze({ path: 'a.js', text: "const express = require('express');\nexpress().listen(3000);\n" }, {});
      // crash.js and b.js are sent together: the worker dies on crash.js with b.js waiting behind it.
      const [crash, b] = await Promise.all([
        worker.analyze({ path: 'crash.js', text: 'app.listen(3000);\n' }, {}),
        worker.analyze({ path: 'b.js', text: "const express = require('express');\nexpress().listen(8080);\n" }, {}),
      ]);
      assert.deepEqual(a.findings.map((f) => f.ruleId), ['no-fixed-port']);
      assert.equal(crash.skipped?.reason, 'parse-failed');
      assert.deepEqual(crash.findings, []);
      assert.deepEqual(b.findings.map((f) => f.ruleId), ['no-fixed-port']);
      assert.equal(worker.mode, 'worker');
      assert.equal(logs.filter((l) => /stopped \(exit code 9\) while analysing crash\.js/.test(l)).length, 1);
    } finally {
      worker.dispose();
    }
  });

  it('without its script the analyses run in process, with one notice', async () => {
    const logs: string[] = [];
    const worker = new WorkerAnalyzer({ script: path.join(scratch, 'missing.js'), log: (m) => logs.push(m) });
    const input = { path: 'app.py', text: 'app.run(port=5000)\n' };
    assert.deepEqual(await worker.analyze(input, {}), await analyzeForProject(input, {}));
    await worker.analyze(input, {});
    assert.equal(worker.mode, 'in-process');
    assert.equal(logs.length, 1);
    assert.match(logs[0], /missing\.js is missing; the workspace scan analyses files on the server's thread/);
    worker.dispose();
  });

  it('after dispose, waiting analyses are rejected and new ones refused', async () => {
    const worker = new WorkerAnalyzer({ script: SCRIPT, log: () => undefined });
    const waiting = worker.analyze({ path: 'a.ts', text: 'export const a = 1;\n'.repeat(2000) }, {});
    worker.dispose();
    await assert.rejects(waiting, /stopped/);
    await assert.rejects(worker.analyze({ path: 'b.ts', text: '' }, {}), /stopped/);
  });
});

describe('ProjectScanner with an analysis elsewhere', () => {
  it('uses the given analysis, and drops a result that comes back after a newer scan started', async () => {
    const root = fs.mkdtempSync(path.join(scratch, 'project-'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'package.json'), '{"name":"a","dependencies":{"express":"^4"}}');
    fs.writeFileSync(path.join(root, 'src', 'a.js'), "require('express')().listen(3000);\n");
    const held: { input: { path: string }; release: () => void }[] = [];
    let hold = true;
    const scanner = new ProjectScanner(root, {
      analyzeOptions: () => ({}),
      analyze: async (input, options) => {
        if (hold) await new Promise<void>((release) => held.push({ input, release }));
        return analyzeForProject(input, options);
      },
    });
    const first = scanner.scan();
    while (held.length === 0) await new Promise((r) => setImmediate(r));
    assert.equal(held[0].input.path, 'src/a.js');
    // A newer scan starts while the first one's file is still being analysed.
    hold = false;
    fs.writeFileSync(path.join(root, 'src', 'a.js'), 'module.exports = {};\n');
    const second = await scanner.scan();
    assert.equal(second, true);
    assert.deepEqual(scanner.results.get('src/a.js')?.findings, []);
    held[0].release();
    assert.equal(await first, false);
    // The stale result (a fixed port in the old text) did not overwrite the newer one.
    assert.deepEqual(scanner.results.get('src/a.js')?.findings, []);
  });

  it('a failing analysis leaves the file out and says so, and the scan completes', async () => {
    const root = fs.mkdtempSync(path.join(scratch, 'project-'));
    fs.writeFileSync(path.join(root, 'a.js'), 'app.listen(3000);\n');
    fs.writeFileSync(path.join(root, 'b.js'), 'app.listen(4000);\n');
    const logs: string[] = [];
    const scanner = new ProjectScanner(root, {
      analyzeOptions: () => ({}),
      log: (m) => logs.push(m),
      analyze: async (input, options) => {
        if (input.path === 'a.js') throw new Error('boom');
        return analyzeForProject(input, options);
      },
    });
    assert.equal(await scanner.scan(), true);
    assert.equal(scanner.results.has('a.js'), false);
    assert.equal(scanner.results.get('b.js')?.findings.length, 1);
    assert.deepEqual(logs, ['a.js was not analysed: boom']);
  });
});
