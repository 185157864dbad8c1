/**
 * A workload to profile the engine on one large generated file (only the measured loop is profiled,
 * after a warm-up), and a summary of the CPU profile.
 *
 *   node --import tsx bench/profile.ts [--lang ts|python|go] [--kb 100] [--runs 40] [--incremental] [--out .bench/prof/ts.cpuprofile]
 *   node --import tsx bench/profile.ts --summary .bench/prof/<file>.cpuprofile [--top 40]
 *
 * The summary groups self time by function and by source file, and splits the total into the
 * tree-sitter runtime (WASM), the language adapters (model building), the rules and the rest.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { analyze, runRules } from '../server/src/engine/analyze';
import { IncrementalTree } from '../server/src/engine/incremental';
import { languageFor, prepareLanguage } from '../server/src/engine/languages';
import { generateTypeScriptFile } from './corpus';
import { fixtureFile } from './fixtures';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a frame's time belongs, for the split. */
function area(url: string, fn: string): string {
  if (url.includes('/engine/rules/')) return 'rules';
  if (url.includes('/engine/languages/')) return 'model (adapters)';
  if (url.includes('tree-sitter') || url.startsWith('wasm://')) return 'tree-sitter (parse, node access)';
  if (url.includes('/engine/')) return 'engine (other)';
  if (fn === '(garbage collector)') return 'garbage collection';
  if (fn === '(program)' || fn === '(idle)') return 'idle / program';
  return 'other';
}

function summarize(file: string, top: number): void {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as Profile;
  const self = new Map<number, number>();
  for (let i = 0; i < profile.samples.length; i++) self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}  ${n.callFrame.url.replace(/^.*\/(server|bench|node_modules)\//, '$1/')}:${n.callFrame.lineNumber + 1}`;
  // Inclusive time: each function counted once per sampled stack.
  const inclusive = new Map<string, number>();
  for (const [id, t] of self) {
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = label(nodes.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      inclusive.set(k, (inclusive.get(k) ?? 0) + t / 1000);
    }
  }
  const byFunction = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byArea = new Map<string, number>();
  let total = 0;
  for (const n of profile.nodes) {
    const t = (self.get(n.id) ?? 0) / 1000;
    if (!t) continue;
    total += t;
    const { functionName, url, lineNumber } = n.callFrame;
    const short = url.replace(/^.*\/(server|bench|node_modules)\//, '$1/');
    const key = `${functionName || '(anonymous)'}  ${short}:${lineNumber + 1}`;
    byFunction.set(key, (byFunction.get(key) ?? 0) + t);
    byFile.set(short || '(native)', (byFile.get(short || '(native)') ?? 0) + t);
    byArea.set(area(url, functionName), (byArea.get(area(url, functionName)) ?? 0) + t);
  }
  const print = (title: string, m: Map<string, number>, n: number) => {
    console.log(`\n${title}`);
    for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, n)) console.log(`${v.toFixed(0).padStart(8)} ms ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`);
  };
  console.log(`total sampled: ${total.toFixed(0)} ms`);
  print('by area', byArea, 20);
  print('by file', byFile, 25);
  print('by function (self time)', byFunction, top);
  print('by function (total time, callees included)', inclusive, top);
}

async function workload(): Promise<void> {
  const lang = option('--lang', 'ts');
  const kb = Number(option('--kb', '100'));
  const runs = Number(option('--runs', '40'));
  const incremental = process.argv.includes('--incremental');
  const name = lang === 'ts' ? 'src/orders.ts' : lang === 'python' ? 'app/orders.py' : 'internal/orders/orders.go';
  const text = lang === 'ts' ? generateTypeScriptFile(kb * 1024) : fixtureFile(lang === 'python' ? 'python' : 'go', kb * 1024);
  const spec = languageFor(name)!;
  await prepareLanguage(spec);
  // Warm up (grammar load, JIT), then profile only the measured loop.
  await analyze({ path: name, text });
  const out = option('--out', '');
  const session = out ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: 200 });
    await session.post('Profiler.start');
  }
  const started = performance.now();
  if (incremental) {
    const tree = new IncrementalTree(spec);
    tree.build(text);
    const at = Math.floor(text.length / 2);
    const lineEnd = text.indexOf('\n', at);
    const typed = text.slice(0, lineEnd) + ' ' + text.slice(lineEnd);
    for (let i = 0; i < runs; i++) {
      const [before, after] = i % 2 ? [typed, text] : [text, typed];
      if (i % 2) tree.applyChange(before, lineEnd, lineEnd + 1, '');
      else tree.applyChange(before, lineEnd, lineEnd, ' ');
      runRules(tree.build(after)!, name);
    }
    tree.dispose();
  } else {
    for (let i = 0; i < runs; i++) await analyze({ path: name, text });
  }
  const elapsed = performance.now() - started;
  if (session) {
    const { profile } = await session.post('Profiler.stop');
    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    fs.writeFileSync(out, JSON.stringify(profile));
    session.disconnect();
  }
  console.log(`${lang} ${(text.length / 1024).toFixed(1)} KB, ${runs} ${incremental ? 'incremental' : 'full'} analyses: ${(elapsed / runs).toFixed(1)} ms each`);
}

if (process.argv.includes('--summary')) {
  summarize(path.resolve(option('--summary', '')), Number(option('--top', '40')));
} else {
  workload().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
