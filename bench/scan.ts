/**
 * The workspace scan behind the checklist, measured in a process of its own (so that its peak
 * memory is its own): ProjectScanner.scan over a folder, the checklist built from it, then
 * incremental updates after one file changes on disk, and the baseline (reading and parsing every
 * analysed file, nothing else). Prints one JSON object; bench/run.ts starts it.
 *
 *   node --import tsx bench/scan.ts <folder> [--updates 20]
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { languageFor, parseWith, prepareLanguage } from '../server/src/engine/languages';
import { ProjectScanner } from '../server/src/workspace/project-scanner';

/** What the scan measured; times in ms, memory in bytes. */
export interface ScanFigures {
  files: number;
  analysed: number;
  bytesAnalysed: number;
  scanMs: number;
  checklistMs: number;
  /** Peak resident memory of this process during the scan (resourceUsage maxRSS). */
  peakRss: number;
  /** RSS and heap before the scan started (grammars and code loaded). */
  rssBefore: number;
  heapAfter: number;
  updateMs: number[];
  parseAllMs: number;
}

async function main(): Promise<void> {
  const root = path.resolve(process.argv[2]);
  const i = process.argv.indexOf('--updates');
  const updates = i > 0 ? Number(process.argv[i + 1]) : 20;
  const scanner = new ProjectScanner(root, { analyzeOptions: () => ({}) });
  // Load the grammars first: the scan's figures are those of analysing, not of starting up.
  for (const f of ['a.ts', 'a.tsx', 'a.js', 'a.py', 'a.go']) await prepareLanguage(languageFor(f)!);
  const rssBefore = process.memoryUsage().rss;
  const started = performance.now();
  const completed = await scanner.scan();
  const scanMs = performance.now() - started;
  if (!completed) throw new Error('the scan did not complete');
  const t = performance.now();
  const entries = scanner.checklist();
  const checklistMs = performance.now() - t;
  if (entries.length !== 12) throw new Error(`the checklist has ${entries.length} entries`);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const heapAfter = process.memoryUsage().heapUsed;
  const analysed = [...scanner.results.keys()];
  let bytesAnalysed = 0;
  for (const rel of analysed) bytesAnalysed += fs.statSync(path.join(root, rel)).size;

  // One file changed on disk, then brought up to date: a source file of each language in turn.
  const candidates = analysed.filter((f) => /\.(ts|py|go)$/.test(f));
  const picked = Array.from({ length: Math.min(updates, candidates.length) }, (_, k) => candidates[Math.floor((k * candidates.length) / Math.max(1, updates))]);
  const updateMs: number[] = [];
  for (const rel of picked) {
    const abs = path.join(root, rel);
    const original = fs.readFileSync(abs, 'utf8');
    const comment = rel.endsWith('.py') ? '# edited\n' : '// edited\n';
    try {
      fs.writeFileSync(abs, original + comment);
      const u = performance.now();
      await scanner.update(rel);
      updateMs.push(performance.now() - u);
    } finally {
      fs.writeFileSync(abs, original);
      await scanner.update(rel);
    }
  }

  // Baseline: read and parse every analysed source file, nothing else.
  const p = performance.now();
  for (const rel of analysed) {
    const spec = languageFor(rel);
    if (!spec || spec.parseText) continue;
    parseWith(spec, fs.readFileSync(path.join(root, rel), 'utf8'))?.delete();
  }
  const parseAllMs = performance.now() - p;

  const figures: ScanFigures = { files: scanner.files.length, analysed: analysed.length, bytesAnalysed, scanMs, checklistMs, peakRss, rssBefore, heapAfter, updateMs, parseAllMs };
  process.stdout.write(JSON.stringify(figures) + '\n');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
