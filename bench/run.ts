/**
 * Benchmarks, printed as one table with a baseline measured in the same run (the raw tree-sitter
 * parse of the same input), so that every figure comes with a ratio that travels across machines.
 *
 *   (a) throughput of `twelve-factor check` in MB/s over a generated corpus (.bench/corpus,
 *       git-ignored): the check in-process, and the real CLI process (startup included);
 *   (b) engine latency for a 5 KB and a 100 KB TypeScript file: full analysis, and the incremental
 *       path of the language server (the old tree edited, one character typed);
 *   (c) didChange → publishDiagnostics over real LSP (the bundled server, debounce 0).
 *
 * usage: npm run bench [-- --quick]      (--quick: fewer runs, for trying the script out)
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultCheckOptions, runCheck } from '../server/src/cli/check';
import { analyze, runRules } from '../server/src/engine/analyze';
import { isTestPath } from '../server/src/engine/files';
import { IncrementalTree } from '../server/src/engine/incremental';
import { languageFor, parseWith, prepareLanguage, type LanguageSpec } from '../server/src/engine/languages';
import { generateCorpus, generateTypeScriptFile } from './corpus';

const ROOT = path.join(__dirname, '..');
const QUICK = process.argv.includes('--quick');
const CORPUS = path.join(ROOT, '.bench', 'corpus');
const CORPUS_FILES = 400;
const CORPUS_AVERAGE_BYTES = 20_000;
const CHECK_RUNS = QUICK ? 2 : 5;
const CLI_RUNS = QUICK ? 1 : 3;
const LATENCY_RUNS = QUICK ? 30 : 200;
const LSP_RUNS = QUICK ? 30 : 200;
const SIZES = [5 * 1024, 100 * 1024];

// ---- statistics ---------------------------------------------------------------------------------

function quantile(sorted: number[], q: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[i];
}

interface Stats {
  median: number;
  p95: number;
  runs: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  return { median, p95: quantile(s, 0.95), runs: s.length };
}

async function sample(runs: number, fn: () => unknown | Promise<unknown>, warmup = Math.min(10, Math.ceil(runs / 10))): Promise<Stats> {
  for (let i = 0; i < warmup; i++) await fn();
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    out.push(performance.now() - t);
  }
  return stats(out);
}

// ---- the table ----------------------------------------------------------------------------------

interface Row {
  section: string;
  what: string;
  median: string;
  p95: string;
  extra: string;
  baseline: string;
  ratio: string;
}
const rows: Row[] = [];
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
const ratio = (x: number, base: number) => `${(x / base).toFixed(2)}×`;

function printTable(): void {
  const headers: Row = { section: '', what: 'measurement', median: 'median', p95: 'p95', extra: 'throughput', baseline: 'baseline (raw parse)', ratio: 'ratio' };
  const cols = ['what', 'median', 'p95', 'extra', 'baseline', 'ratio'] as const;
  const width = Object.fromEntries(cols.map((c) => [c, Math.max(headers[c].length, ...rows.map((r) => r[c].length))])) as Record<(typeof cols)[number], number>;
  const line = (r: Row) => cols.map((c) => (c === 'what' ? r[c].padEnd(width[c]) : r[c].padStart(width[c]))).join('  ');
  console.log('\n' + line(headers));
  let section = '';
  for (const r of rows) {
    if (r.section !== section) {
      section = r.section;
      console.log(`\n${section}`);
    }
    console.log(line(r));
  }
  console.log('');
}

// ---- (a) throughput -----------------------------------------------------------------------------

/** Writes the corpus unless the same one is already there. */
function ensureCorpus(): { files: number; bytes: number } {
  const marker = path.join(CORPUS, '.corpus.json');
  const spec = JSON.stringify({ files: CORPUS_FILES, averageBytes: CORPUS_AVERAGE_BYTES, generator: 1 });
  const files = generateCorpus(CORPUS_FILES, CORPUS_AVERAGE_BYTES);
  const bytes = files.reduce((n, f) => n + Buffer.byteLength(f.text), 0);
  if (fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') === spec) return { files: files.length, bytes };
  fs.rmSync(CORPUS, { recursive: true, force: true });
  for (const f of files) {
    const p = path.join(CORPUS, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.text);
  }
  // The corpus is a project of its own (its own work tree), so the repository's .gitignore, which
  // ignores .bench/, does not apply inside it.
  fs.mkdirSync(path.join(CORPUS, '.git'), { recursive: true });
  fs.writeFileSync(marker, spec);
  return { files: files.length, bytes };
}

async function throughput(): Promise<void> {
  const corpus = ensureCorpus();
  const section = `(a) throughput: ${corpus.files} files, ${(corpus.bytes / 1e6).toFixed(1)} MB generated (tests skipped as by default)`;

  // Baseline: read and parse every file the check analyses, nothing else.
  const options = { ...defaultCheckOptions(CORPUS), paths: ['.'] };
  const first = await runCheck(options);
  const checkedMB = first.bytesChecked / 1e6;
  const sources = listSources(CORPUS).filter((f) => !isTestPath(path.relative(CORPUS, f).split(path.sep).join('/')));
  const parseAll = await sample(CHECK_RUNS, async () => {
    for (const f of sources) {
      const spec = languageFor(f)!;
      await prepareLanguage(spec);
      parseWith(spec, fs.readFileSync(f, 'utf8'))?.delete();
    }
  }, 1);

  const inProcess = await sample(CHECK_RUNS, () => runCheck(options), 1);
  const mbps = (s: Stats) => `${(checkedMB / (s.median / 1000)).toFixed(1)} MB/s`;
  rows.push({ section, what: `check in-process (${first.filesChecked} files, ${checkedMB.toFixed(1)} MB, ${first.findings.length} findings), ${inProcess.runs} runs`, median: ms(inProcess.median), p95: ms(inProcess.p95), extra: mbps(inProcess), baseline: ms(parseAll.median), ratio: ratio(inProcess.median, parseAll.median) });

  const cli = path.join(ROOT, 'bin', 'twelve-factor.js');
  const out = path.join(os.tmpdir(), `twelve-factor-bench-${process.pid}.json`);
  const times: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--output', out], { cwd: CORPUS, encoding: 'utf8' });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI failed (exit ${r.status}):\n${r.stderr}`);
  }
  const reported = (JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length;
  fs.rmSync(out, { force: true });
  if (reported !== first.findings.length) throw new Error(`the CLI reported ${reported} findings, in-process ${first.findings.length}`);
  const proc = stats(times);
  rows.push({ section, what: `CLI process, node bin/twelve-factor.js (startup included), ${proc.runs} runs`, median: ms(proc.median), p95: ms(proc.p95), extra: mbps(proc), baseline: ms(parseAll.median), ratio: ratio(proc.median, parseAll.median) });
}

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== '.git') out.push(...listSources(p));
    else if (e.isFile() && languageFor(p)) out.push(p);
  }
  return out.sort();
}

// ---- (b) engine latency -------------------------------------------------------------------------

/** Where the benchmark types: the end of a `// notes N: ` comment near the middle of the file. */
function typingOffset(text: string): number {
  const marks = [...text.matchAll(/\/\/ notes \d+: /g)];
  if (marks.length === 0) throw new Error('the generated file has no notes comment');
  const m = marks[Math.floor(marks.length / 2)];
  return m.index! + m[0].length;
}

/** One character typed, then erased: each step is a one-character edit, and the text stays the same size. */
function* keystrokes(text: string): Generator<{ start: number; oldEnd: number; inserted: string; before: string; after: string }> {
  const at = typingOffset(text);
  const typed = text.slice(0, at) + 'x' + text.slice(at);
  for (;;) {
    yield { start: at, oldEnd: at, inserted: 'x', before: text, after: typed };
    yield { start: at, oldEnd: at + 1, inserted: '', before: typed, after: text };
  }
}

const baselines = new Map<number, Stats>();

async function latency(spec: LanguageSpec, size: number, text: string): Promise<void> {
  const kb = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
  const section = `(b) engine latency, ${kb} TypeScript, ${LATENCY_RUNS} runs`;
  const file = 'src/routes/orders.ts';

  const parse = await sample(LATENCY_RUNS, () => parseWith(spec, text)?.delete());
  baselines.set(size, parse);
  rows.push({ section, what: 'raw tree-sitter parse (baseline)', median: ms(parse.median), p95: ms(parse.p95), extra: '', baseline: ms(parse.median), ratio: ratio(parse.median, parse.median) });

  const full = await sample(LATENCY_RUNS, () => analyze({ path: file, text }));
  rows.push({ section, what: 'full analysis: parse, model, rules', median: ms(full.median), p95: ms(full.p95), extra: '', baseline: ms(parse.median), ratio: ratio(full.median, parse.median) });

  // The language server's path: the kept tree is edited and handed back to the parser.
  const tree = new IncrementalTree(spec);
  tree.build(text);
  const keys = keystrokes(text);
  const incremental = await sample(LATENCY_RUNS, () => {
    const k = keys.next().value!;
    tree.applyChange(k.before, k.start, k.oldEnd, k.inserted);
    const model = tree.build(k.after);
    if (!model) throw new Error('the incremental parse gave up');
    runRules(model, file);
  });
  rows.push({ section, what: 'incremental: one character typed, reparse + model + rules', median: ms(incremental.median), p95: ms(incremental.p95), extra: '', baseline: ms(parse.median), ratio: ratio(incremental.median, parse.median) });

  const parseOnly = new IncrementalTree(spec);
  parseOnly.build(text);
  const keys2 = keystrokes(text);
  const reparse = await sample(LATENCY_RUNS, () => {
    const k = keys2.next().value!;
    parseOnly.applyChange(k.before, k.start, k.oldEnd, k.inserted);
    parseOnly.build(k.after);
  });
  rows.push({ section, what: '  of which the incremental reparse and model', median: ms(reparse.median), p95: ms(reparse.p95), extra: '', baseline: ms(parse.median), ratio: ratio(reparse.median, parse.median) });
  tree.dispose();
  parseOnly.dispose();
}

// ---- (c) LSP latency ----------------------------------------------------------------------------

async function lspLatency(size: number, text: string): Promise<void> {
  const { LspTestClient, ensureServerBuilt, fileUri } = await import('../test/support/lsp-client');
  ensureServerBuilt();
  const kb = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
  const section = `(c) didChange → publishDiagnostics over LSP (bundled server, debounce 0; the editor default adds 150 ms), ${kb}, ${LSP_RUNS} runs`;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-bench-'));
  const file = path.join(folder, 'src', 'orders.ts');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  const client = await LspTestClient.start({ pull: false, workspaceFolder: folder, initializationOptions: { debounceMs: 0 } });
  try {
    await client.open(uri, text);
    await client.waitFor(() => client.lastPublished(uri, 1), 'the first diagnostics');
    const at = typingOffset(text);
    let typed = false;
    const keystroke = async () => {
      const doc = client.document(uri);
      const pos = doc.positionAt(at);
      const change = typed ? { range: { start: pos, end: doc.positionAt(at + 1) }, text: '' } : { range: { start: pos, end: pos }, text: 'x' };
      typed = !typed;
      const version = await client.change(uri, [change]);
      await client.waitFor(() => client.lastPublished(uri, version), `diagnostics for version ${version}`);
    };
    const s = await sample(LSP_RUNS, keystroke);
    const base = baselines.get(size)!;
    rows.push({ section, what: 'keystroke to diagnostics, round trip', median: ms(s.median), p95: ms(s.p95), extra: '', baseline: ms(base.median), ratio: ratio(s.median, base.median) });
  } finally {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}${QUICK ? ', --quick' : ''}`);
  await throughput();
  const spec = languageFor('x.ts')!;
  await prepareLanguage(spec);
  const files = SIZES.map((size) => ({ size, text: generateTypeScriptFile(size) }));
  for (const f of files) await latency(spec, f.size, f.text);
  for (const f of files) await lspLatency(f.size, f.text);
  printTable();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
