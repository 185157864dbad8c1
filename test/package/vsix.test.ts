/**
 * The .vsix users install: packaged with vsce from the built bundles (run `npm run build` first),
 * it holds exactly the files the extension uses (no sources, tests, fixtures or node_modules), and
 * every file its package.json points at is inside.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { inflateRawSync } from 'node:zlib';

const ROOT = path.resolve(__dirname, '..', '..');
const VSCE = path.join(ROOT, 'node_modules', '@vscode', 'vsce', 'vsce');

/** The grammars the server loads (esbuild.mjs copies them to dist/wasm). */
const GRAMMARS = ['javascript', 'typescript', 'tsx', 'python', 'go', 'java', 'ruby', 'c-sharp', 'php'];

/** The exact contents of the package, besides README.md (listed when the repository has one). */
const EXPECTED = [
  '[Content_Types].xml',
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/LICENSE.txt',
  'extension/changelog.md',
  'extension/dist/client.js',
  'extension/dist/server.js',
  'extension/dist/scan-worker.js',
  'extension/dist/wasm/tree-sitter.wasm',
  ...GRAMMARS.map((g) => `extension/dist/wasm/tree-sitter-${g}.wasm`),
  'extension/images/icon.png',
  'extension/images/activity.svg',
  'extension/schemas/twelve-factor.schema.json',
  'extension/snippets/javascript.json',
  'extension/snippets/typescript.json',
  'extension/snippets/python.json',
  'extension/snippets/go.json',
  'extension/walkthrough/factors.md',
  'extension/walkthrough/checklist.md',
  'extension/walkthrough/quickfix.md',
  'extension/walkthrough/cli.md',
];

interface ZipEntry {
  name: string;
  read(): Buffer;
}

/** The entries of a zip file, from its central directory (enough for what vsce writes: stored or deflated). */
function readZip(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  assert.ok(eocd >= 0, `${file} is a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let at = buf.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    assert.equal(buf.readUInt32LE(at), 0x02014b50, 'central directory entry');
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    entries.push({
      name,
      read: () => {
        const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
        const data = buf.subarray(start, start + size);
        return method === 8 ? inflateRawSync(data) : Buffer.from(data);
      },
    });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

let dir = '';
let entries: ZipEntry[] = [];

before(() => {
  for (const f of ['dist/client.js', 'dist/server.js', 'dist/scan-worker.js', 'dist/wasm/tree-sitter.wasm']) {
    assert.ok(fs.existsSync(path.join(ROOT, f)), `${f} exists (run npm run build first)`);
  }
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'twelve-factor-vsix-'));
  const out = path.join(dir, 'extension.vsix');
  const r = spawnSync(process.execPath, [VSCE, 'package', '--no-dependencies', '--out', out], { cwd: ROOT, encoding: 'utf8', timeout: 180_000 });
  assert.equal(r.status, 0, `vsce package failed:\n${r.stdout}\n${r.stderr}`);
  entries = readZip(out);
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('the .vsix holds exactly the bundles, WASM grammars and the files package.json uses', () => {
  const expected = [...EXPECTED, ...(fs.existsSync(path.join(ROOT, 'README.md')) ? ['extension/readme.md'] : [])].sort();
  assert.deepEqual(entries.map((e) => e.name).sort(), expected);
});

test('nothing from sources, tests, fixtures, examples, node_modules or source maps is packaged', () => {
  const leaked = entries.map((e) => e.name).filter((n) => /(^|\/)(src|test|fixtures|examples|node_modules|scripts|out|\.vscode-test)\/|\.map$|\.ts$|dist\/cli\.js$/.test(n));
  assert.deepEqual(leaked, []);
});

test('every file the packaged package.json points at is in the .vsix', () => {
  const manifest = entries.find((e) => e.name === 'extension/package.json');
  assert.ok(manifest);
  const pkg = JSON.parse(manifest.read().toString('utf8'));
  const refs: string[] = [pkg.main, pkg.icon];
  const c = pkg.contributes ?? {};
  for (const s of c.snippets ?? []) refs.push(s.path);
  for (const j of c.jsonValidation ?? []) if (!/^https?:/.test(j.url)) refs.push(j.url);
  for (const w of c.walkthroughs ?? []) for (const s of w.steps ?? []) for (const m of Object.values(s.media ?? {})) if (typeof m === 'string') refs.push(m);
  for (const v of Object.values(c.viewsContainers ?? {}) as { icon?: string }[][]) for (const x of v) if (x.icon) refs.push(x.icon);
  for (const v of Object.values(c.views ?? {}) as { icon?: string }[][]) for (const x of v) if (x.icon) refs.push(x.icon);
  assert.ok(refs.length >= 5, `found the package.json references: ${refs.join(', ')}`);
  const names = new Set(entries.map((e) => e.name));
  const missing = refs.filter((r) => !names.has(`extension/${path.posix.normalize(r.replace(/^\.\//, ''))}`));
  assert.deepEqual(missing, [], 'referenced files missing from the .vsix');
});

test('the package.json has what the Marketplace and Open VSX need', () => {
  const manifest = entries.find((e) => e.name === 'extension/package.json');
  assert.ok(manifest);
  const pkg = JSON.parse(manifest.read().toString('utf8'));
  for (const key of ['name', 'displayName', 'description', 'version', 'publisher', 'license', 'icon', 'repository', 'engines', 'categories', 'keywords', 'galleryBanner']) {
    assert.ok(pkg[key], `package.json has "${key}"`);
  }
  assert.ok(pkg.categories.includes('Linters'));
  assert.match(pkg.engines.vscode, /^\^1\.\d+\.\d+$/);
  assert.equal(pkg.capabilities?.untrustedWorkspaces?.supported, true);
  const icon = entries.find((e) => e.name === `extension/${pkg.icon}`);
  assert.ok(icon);
  const png = icon.read();
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128], 'the icon is 128x128');
});
