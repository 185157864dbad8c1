// Bundles the three entry points (client, server, CLI) separately and puts the tree-sitter WASM
// files the server needs beside the bundles (dist/wasm). usage: node esbuild.mjs [--watch] [--minify]
import * as esbuild from 'esbuild';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.dirname(new URL(import.meta.url).pathname);
const watch = process.argv.includes('--watch');
const minify = process.argv.includes('--minify');

/** The grammars the engine loads; the other grammars of the package are not shipped. */
const GRAMMARS = ['javascript', 'typescript', 'tsx', 'python', 'go', 'java', 'ruby', 'c-sharp', 'php'];

function copyWasm() {
  const from = path.join(root, 'node_modules', '@vscode', 'tree-sitter-wasm', 'wasm');
  const to = path.join(root, 'dist', 'wasm');
  fs.mkdirSync(to, { recursive: true });
  for (const name of ['tree-sitter.wasm', ...GRAMMARS.map((g) => `tree-sitter-${g}.wasm`)]) {
    fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  sourcemap: true,
  minify,
  logLevel: 'warning',
  // The grammar package's own folder is looked up only when running from source; the bundles find
  // the .wasm files copied beside them (dist/wasm) first.
  external: ['vscode', '@vscode/tree-sitter-wasm/package.json'],
  // Prefer ES module builds: some dependencies (jsonc-parser) ship a UMD `main` whose internal
  // requires the bundler cannot follow, which fails only at run time.
  mainFields: ['module', 'main'],
};

const entries = [
  { entryPoints: [path.join(root, 'client/src/extension.ts')], outfile: path.join(root, 'dist/client.js') },
  { entryPoints: [path.join(root, 'server/src/lsp/main.ts')], outfile: path.join(root, 'dist/server.js') },
  { entryPoints: [path.join(root, 'server/src/cli/main.ts')], outfile: path.join(root, 'dist/cli.js') },
  { entryPoints: [path.join(root, 'server/src/workspace/analysis-worker.ts')], outfile: path.join(root, 'dist/scan-worker.js') },
].filter((e) => fs.existsSync(e.entryPoints[0]));

copyWasm();
if (watch) {
  for (const e of entries) await (await esbuild.context({ ...common, ...e })).watch();
  console.log('watching…');
} else {
  await Promise.all(entries.map((e) => esbuild.build({ ...common, ...e })));
  console.log(`built ${entries.map((e) => path.relative(root, e.outfile)).join(', ')} and dist/wasm`);
}
