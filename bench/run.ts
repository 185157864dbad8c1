/**
 * Benchmarks, printed as one table. Every figure comes with a baseline measured in the same run
 * (the raw tree-sitter parse of the same input) and the ratio to it, which travels across machines
 * better than milliseconds do.
 *
 *   (a) `twelve-factor check` throughput in MB/s over generated one-language corpora (TypeScript and
 *       JavaScript, Python, Go): the check in-process, and the real CLI process (startup included);
 *   (b) engine latency for 5 KB and 100 KB files of each language: full analysis, and the language
 *       server's incremental path (the kept tree edited, one character typed);
 *   (c) didChange → publishDiagnostics over a real LSP stream (the bundled server over stdio,
 *       debounce 0), alone and while the server scans a large workspace for the checklist;
 *   (d) the checklist scan of a generated workspace of 2,000 files mixing languages, in a process
 *       of its own: files/s, MB/s, peak memory, and the update after one file changes.
 *
 * Generated files go to the git-ignored .bench/ folder and are reused while their generator is
 * unchanged. usage: npm run bench [-- --quick]   (--quick: fewer runs, for trying the script out)
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultCheckOptions, runCheck } from '../server/src/cli/check';
import { analyze, runRules } from '../server/src/engine/analyze';
import { isTestPath } from '../server/src/engine/files';
import { IncrementalTree } from '../server/src/engine/incremental';
import { languageFor, parseWith, prepareLanguage, type LanguageSpec } from '../server/src/engine/languages';
import { generateTypeScriptFile } from './corpus';
import { fixtureFile, type FixtureLanguage } from './fixtures';
import type { ScanFigures } from './scan';
import { generateLanguageCorpus, generateWorkspace, materialize } from './workspace';

const ROOT = path.join(__dirname, '..');
const BENCH = path.join(ROOT, '.bench');
const QUICK = process.argv.includes('--quick');
const CHECK_RUNS = QUICK ? 1 : 3;
const CLI_RUNS = QUICK ? 1 : 2;
/** Runs per latency figure: small files are cheap, so they get more. */
const latencyRuns = (bytes: number) => (QUICK ? (bytes > 50_000 ? 10 : 40) : bytes > 50_000 ? 40 : 200);
const LSP_RUNS = QUICK ? 20 : 100;
const WORKSPACE_FILES = 2000;
const SIZES = [5 * 1024, 100 * 1024];

type Lang = 'typescript' | FixtureLanguage;
const LANGS: Lang[] = ['typescript', 'python', 'go'];
const LABEL: Record<Lang, string> = { typescript: 'TypeScript', python: 'Python', go: 'Go' };
const FILE_NAME: Record<Lang, string> = { typescript: 'src/routes/orders.ts', python: 'app/orders.py', go: 'internal/orders/orders.go' };

// ---- statistics ---------------------------------------------------------------------------------

interface Stats {
  median: number;
  p95: number;
  runs: number;
}

function stats(samples: number[]): Stats {
  const s = [...samples].sort((a, b) => a - b);
  if (s.length === 0) return { median: NaN, p95: NaN, runs: 0 };
  const median = s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  const p95 = s[Math.min(s.length - 1, Math.max(0, Math.ceil(0.95 * s.length) - 1))];
  return { median, p95, runs: s.length };
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
const ms = (x: number) => (!Number.isFinite(x) ? '-' : x >= 1000 ? `${(x / 1000).toFixed(2)} s` : x >= 10 ? `${x.toFixed(0)} ms` : `${x.toFixed(2)} ms`);
const ratio = (x: number, base: number) => (Number.isFinite(x / base) ? `${(x / base).toFixed(2)}×` : '-');
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

function row(section: string, what: string, s: Stats | undefined, base: number | undefined, extra = ''): void {
  rows.push({
    section,
    what,
    median: s ? ms(s.median) : '',
    p95: s ? ms(s.p95) : '',
    extra,
    baseline: base === undefined ? '' : ms(base),
    ratio: s && base !== undefined ? ratio(s.median, base) : '',
  });
}

function printTable(): void {
  const headers: Row = { section: '', what: 'measurement', median: 'median', p95: 'p95', extra: 'throughput / memory', baseline: 'baseline (raw parse)', ratio: 'ratio' };
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

// ---- (a) CLI throughput -------------------------------------------------------------------------

function listSources(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() && e.name !== '.git') out.push(...listSources(p));
    else if (e.isFile() && languageFor(p)) out.push(p);
  }
  return out.sort();
}

/** Reads and parses every source file the check analyses (tests skipped), nothing else. */
async function parseFolder(dir: string, runs: number): Promise<Stats> {
  const sources = listSources(dir).filter((f) => !isTestPath(path.relative(dir, f).split(path.sep).join('/')));
  return sample(
    runs,
    async () => {
      for (const f of sources) {
        const spec = languageFor(f)!;
        if (spec.parseText) continue;
        await prepareLanguage(spec);
        parseWith(spec, fs.readFileSync(f, 'utf8'))?.delete();
      }
    },
    1,
  );
}

async function throughput(lang: Lang): Promise<void> {
  const dir = path.join(BENCH, `corpus-${lang}`);
  const [count, average] = lang === 'typescript' ? [200, 12_000] : [100, 10_000];
  const corpus = materialize(dir, `${lang}:${count}:${average}:1`, () => generateLanguageCorpus(lang, count, average));
  const section = `(a) CLI throughput, ${LABEL[lang]}: ${corpus.files} generated files, ${mb(corpus.bytes)}`;
  const options = { ...defaultCheckOptions(dir), paths: ['.'] };
  const first = await runCheck(options);
  const checkedMB = first.bytesChecked / 1e6;
  const parseAll = await parseFolder(dir, CHECK_RUNS);
  const mbps = (s: Stats) => `${(checkedMB / (s.median / 1000)).toFixed(2)} MB/s`;

  const inProcess = await sample(CHECK_RUNS, () => runCheck(options), 0);
  row(section, `check in-process (${first.filesChecked} files, ${checkedMB.toFixed(1)} MB, ${first.findings.length} findings), ${inProcess.runs} runs`, inProcess, parseAll.median, mbps(inProcess));

  const cli = path.join(ROOT, 'bin', 'twelve-factor.js');
  const out = path.join(os.tmpdir(), `twelve-factor-bench-${process.pid}.json`);
  const times: number[] = [];
  for (let i = 0; i < CLI_RUNS; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [cli, 'check', '.', '--format', 'json', '--output', out], { cwd: dir, encoding: 'utf8' });
    times.push(performance.now() - t);
    if (r.status !== 0 && r.status !== 1) throw new Error(`the CLI failed (exit ${r.status}):\n${r.stderr}`);
  }
  const reported = (JSON.parse(fs.readFileSync(out, 'utf8')) as { findings: unknown[] }).findings.length;
  fs.rmSync(out, { force: true });
  if (reported !== first.findings.length) throw new Error(`the CLI reported ${reported} findings, in-process ${first.findings.length}`);
  const proc = stats(times);
  row(section, `CLI process, node bin/twelve-factor.js (startup included), ${proc.runs} runs`, proc, parseAll.median, mbps(proc));
}

// ---- (b) engine latency -------------------------------------------------------------------------

/** A file of about `bytes` in `lang`, with a comment line near the middle where the benchmark types. */
function latencyFile(lang: Lang, bytes: number): { text: string; at: number } {
  if (lang === 'typescript') {
    const text = generateTypeScriptFile(bytes);
    const marks = [...text.matchAll(/\/\/ notes \d+: /g)];
    const m = marks[Math.floor(marks.length / 2)];
    return { text, at: m.index! + m[0].length };
  }
  const body = fixtureFile(lang, bytes);
  // A top-level declaration near the middle: the comment goes on the line before it.
  const decl = lang === 'python' ? /^(def|class|async def) /gm : /^func /gm;
  const starts = [...body.matchAll(decl)].map((m) => m.index!);
  const before = starts.find((i) => i >= body.length / 2) ?? starts[starts.length - 1] ?? body.length;
  const comment = lang === 'python' ? '# notes: ' : '// notes: ';
  const text = body.slice(0, before) + comment + '\n' + body.slice(before);
  return { text, at: before + comment.length };
}

/** One character typed, then erased: each step is a one-character edit, and the text stays the same size. */
function* keystrokes(text: string, at: number): Generator<{ start: number; oldEnd: number; inserted: string; before: string; after: string }> {
  const typed = text.slice(0, at) + 'x' + text.slice(at);
  for (;;) {
    yield { start: at, oldEnd: at, inserted: 'x', before: text, after: typed };
    yield { start: at, oldEnd: at + 1, inserted: '', before: typed, after: text };
  }
}

/** Raw parse medians by language and size, the baseline of (b) and (c). */
const baselines = new Map<string, number>();

async function latency(lang: Lang, spec: LanguageSpec, size: number): Promise<void> {
  const { text, at } = latencyFile(lang, size);
  const kb = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
  const runs = latencyRuns(size);
  const section = `(b) engine latency, ${kb} ${LABEL[lang]}, ${runs} runs`;
  const file = FILE_NAME[lang];

  const parse = await sample(runs, () => parseWith(spec, text)?.delete());
  baselines.set(`${lang}:${size}`, parse.median);
  row(section, 'raw tree-sitter parse (baseline)', parse, parse.median);

  const first = await analyze({ path: file, text });
  if (first.skipped) throw new Error(`${file} was not analysed: ${first.skipped.message}`);
  const full = await sample(runs, () => analyze({ path: file, text }));
  row(section, `full analysis: parse, model, rules (${first.findings.length} findings)`, full, parse.median);

  // The language server's path: the kept tree is edited and handed back to the parser.
  const tree = new IncrementalTree(spec);
  tree.build(text);
  const keys = keystrokes(text, at);
  const incremental = await sample(runs, () => {
    const k = keys.next().value!;
    tree.applyChange(k.before, k.start, k.oldEnd, k.inserted);
    const model = tree.build(k.after);
    if (!model) throw new Error('the incremental parse gave up');
    runRules(model, file);
  });
  row(section, 'incremental: one character typed, reparse + model + rules', incremental, parse.median);

  const parseOnly = new IncrementalTree(spec);
  parseOnly.build(text);
  const keys2 = keystrokes(text, at);
  const reparse = await sample(runs, () => {
    const k = keys2.next().value!;
    parseOnly.applyChange(k.before, k.start, k.oldEnd, k.inserted);
    parseOnly.parse(k.after);
  });
  row(section, '  of which the incremental reparse', reparse, parse.median);
  tree.dispose();
  parseOnly.dispose();
}

// ---- (c) LSP latency ----------------------------------------------------------------------------

type Client = Awaited<ReturnType<typeof import('../test/support/lsp-client').LspTestClient.start>>;

/** Peak resident memory of a process (Linux: VmHWM), in bytes; undefined elsewhere. */
function peakRssOf(pid: number | undefined): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Types one character and erases it again, alternately, and waits for the diagnostics of each version. */
function keystroker(client: Client, uri: string, at: number): () => Promise<void> {
  let typed = false;
  return async () => {
    const doc = client.document(uri);
    const pos = doc.positionAt(at);
    const change = typed ? { range: { start: pos, end: doc.positionAt(at + 1) }, text: '' } : { range: { start: pos, end: pos }, text: 'x' };
    typed = !typed;
    const version = await client.change(uri, [change]);
    await client.waitFor(() => client.lastPublished(uri, version), `diagnostics for version ${version}`, 60_000);
  };
}

async function lspAlone(size: number): Promise<void> {
  const { LspTestClient, fileUri } = await import('../test/support/lsp-client');
  const { text, at } = latencyFile('typescript', size);
  const kb = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
  const section = `(c) didChange → publishDiagnostics over LSP (bundled server, stdio, debounce 0; the editor default adds 150 ms), ${kb} TypeScript`;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-bench-'));
  const file = path.join(folder, 'src', 'orders.ts');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
  const uri = fileUri(file);
  const client = await LspTestClient.start({ pull: false, workspaceFolder: folder, initializationOptions: { debounceMs: 0 } });
  try {
    await client.open(uri, text);
    await client.waitFor(() => client.lastPublished(uri, 1), 'the first diagnostics', 60_000);
    const s = await sample(LSP_RUNS, keystroker(client, uri, at));
    row(section, `keystroke to diagnostics, alone, ${s.runs} runs`, s, baselines.get(`typescript:${size}`));
  } finally {
    await client.shutdown();
    fs.rmSync(folder, { recursive: true, force: true });
  }
}

/** The same keystrokes, in a document of the large workspace, while the server scans it for the checklist. */
async function lspDuringScan(workspace: string, size: number): Promise<void> {
  const { LspTestClient, fileUri } = await import('../test/support/lsp-client');
  const { text, at } = latencyFile('typescript', size);
  const kb = `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
  const section = `(c) didChange → publishDiagnostics over LSP (bundled server, stdio, debounce 0; the editor default adds 150 ms), ${kb} TypeScript`;
  // An open document that is not on disk: the scan goes on over the workspace's own files.
  const uri = fileUri(path.join(workspace, 'services', 'bench-open', 'src', 'orders.ts'));
  const client = await LspTestClient.start({ pull: false, workspaceFolder: workspace, initializationOptions: { debounceMs: 0 } });
  try {
    const scanEnded = () => client.progress.some((p) => p.value.kind === 'end');
    await client.waitFor(() => client.progress.some((p) => p.value.kind === 'report'), 'the scan to start', 60_000);
    await client.open(uri, text);
    await client.waitFor(() => client.lastPublished(uri, 1), 'the first diagnostics', 60_000);
    const press = keystroker(client, uri, at);
    const times: number[] = [];
    while (times.length < LSP_RUNS && !scanEnded()) {
      const t = performance.now();
      await press();
      if (!scanEnded()) times.push(performance.now() - t);
    }
    const progress = [...client.progress].reverse().find((p) => p.value.kind === 'report')?.value as { message?: string } | undefined;
    const s = stats(times);
    row(section, `keystroke to diagnostics, while the workspace scan runs (${s.runs} runs, scan at ${progress?.message ?? '?'})`, s, baselines.get(`typescript:${size}`));
    if (size === SIZES[SIZES.length - 1]) {
      // Let the scan finish: the server's own duration and peak memory for the whole workspace.
      const begin = performance.now();
      await client.waitFor(() => scanEnded(), 'the end of the scan', 600_000);
      const peak = peakRssOf(client.process.pid);
      row(section, `  the server's scan finished ${ms(performance.now() - begin)} after the last keystroke`, undefined, undefined, peak ? `server peak RSS ${mb(peak)}` : '');
    }
  } finally {
    await client.shutdown();
  }
}

// ---- (d) workspace scan -------------------------------------------------------------------------

function runScanChild(workspace: string): Promise<ScanFigures> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'scan.ts'), workspace, '--updates', QUICK ? '10' : '40'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (err += String(d)));
    child.on('exit', (code) => {
      if (code !== 0) reject(new Error(`bench/scan.ts failed (exit ${code}):\n${err}`));
      else resolve(JSON.parse(out.trim().split('\n').pop()!) as ScanFigures);
    });
  });
}

async function workspaceScan(workspace: string, size: { files: number; bytes: number }): Promise<void> {
  const section = `(d) checklist scan of a generated workspace: ${size.files} files (TS/JS, Python, Go, deploy files), ${mb(size.bytes)}; ProjectScanner in a process of its own`;
  const f = await runScanChild(workspace);
  const scan = stats([f.scanMs]);
  row(section, `full scan: list, read, analyse ${f.analysed} of ${f.files} files (${mb(f.bytesAnalysed)})`, scan, f.parseAllMs, `${(f.analysed / (f.scanMs / 1000)).toFixed(0)} files/s, ${(f.bytesAnalysed / 1e6 / (f.scanMs / 1000)).toFixed(2)} MB/s`);
  row(section, 'checklist built from the scan results', stats([f.checklistMs]), undefined);
  row(section, 'memory', undefined, undefined, `peak RSS ${mb(f.peakRss)} (${mb(f.rssBefore)} before the scan), heap after ${mb(f.heapAfter)}`);
  const upd = stats(f.updateMs);
  row(section, `incremental update after one file changes on disk (ProjectScanner.update), ${upd.runs} runs`, upd, f.parseAllMs / f.analysed, 'baseline: one average file');
}

// ---- main ---------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const started = performance.now();
  console.log(`node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}${QUICK ? ', --quick' : ''}`);
  const { ensureServerBuilt } = await import('../test/support/lsp-client');
  ensureServerBuilt();
  const workspace = path.join(BENCH, 'workspace');
  const wsSize = materialize(workspace, `workspace:${WORKSPACE_FILES}:1`, () => generateWorkspace(WORKSPACE_FILES));

  for (const lang of LANGS) await throughput(lang);
  for (const lang of LANGS) {
    const spec = languageFor(FILE_NAME[lang])!;
    await prepareLanguage(spec);
    for (const size of SIZES) await latency(lang, spec, size);
  }
  for (const size of SIZES) await lspAlone(size);
  for (const size of SIZES) await lspDuringScan(workspace, size);
  await workspaceScan(workspace, wsSize);
  printTable();
  console.log(`bench took ${ms(performance.now() - started)}; load average now ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
