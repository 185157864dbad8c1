/**
 * The scanner's `pause` hook: awaited before every file it analyses (in a scan and in an update),
 * which is how the language server lets open documents go first. Order is asserted, not time.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { languageFor } from '../../server/src/engine/languages';
import { ProjectScanner } from '../../server/src/workspace/project-scanner';

function tempProject(files: Record<string, string>): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-pause-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
  return root;
}

describe('ProjectScanner pause', () => {
  it('waits for the host before each file, in a scan and in an update', async () => {
    const root = tempProject({
      'package.json': '{"name":"a","dependencies":{"express":"^4"}}',
      'src/a.js': "require('express')().listen(3000);\n",
      'src/b.js': 'module.exports = 1;\n',
      'src/c.ts': 'export const c = 2;\n',
    });
    try {
      const events: string[] = [];
      let gate: (() => void) | undefined;
      const scanner = new ProjectScanner(root, {
        analyzeOptions: () => ({}),
        pause: () => {
          events.push(`pause ${scanner.results.size}`);
          // The host holds the scan until it lets go.
          return new Promise<void>((resolve) => (gate = resolve));
        },
      });
      const scan = scanner.scan();
      // Each file waits for the gate: the scan advances one file per release, never on its own.
      const analysedBefore: number[] = [];
      let finished = false;
      void scan.then(() => (finished = true));
      while (!finished) {
        if (gate) {
          analysedBefore.push(scanner.results.size);
          const g = gate;
          gate = undefined;
          g();
        }
        await new Promise((r) => setTimeout(r, 2));
      }
      assert.equal(await scan, true);
      const sources = scanner.files.filter((f) => languageFor(f));
      assert.deepEqual(sources, ['src/a.js', 'src/b.js', 'src/c.ts']);
      assert.equal(events.length, sources.length, `one pause per analysed file: ${events.join(', ')}`);
      assert.deepEqual(events, sources.map((_, i) => `pause ${i}`), 'each pause comes before its file is analysed');
      assert.deepEqual(analysedBefore, sources.map((_, i) => i));

      // An update waits too before analysing the changed file.
      fs.writeFileSync(path.join(root, 'src', 'b.js'), "require('express')().listen(4000);\n");
      events.length = 0;
      const update = scanner.update('src/b.js');
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(events, [`pause ${scanner.results.size}`]);
      assert.equal(scanner.results.get('src/b.js')?.findings.length ?? 0, 0, 'not analysed while the host holds it');
      gate!();
      assert.equal(await update, true);
      assert.equal(scanner.results.get('src/b.js')?.findings.some((f) => f.ruleId === 'no-fixed-port'), true);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
