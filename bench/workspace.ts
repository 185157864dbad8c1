/**
 * Generated folders for the benchmark: a large workspace mixing languages (a monorepo of services
 * in TypeScript/JavaScript, Python and Go, each with its manifest and deploy files) for the
 * checklist scan, and one-language corpora for the CLI throughput. Deterministic: the same seed
 * gives the same files. Written under the git-ignored .bench/ folder, and only rewritten when the
 * generator's parameters change.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateCorpus, random, type CorpusFile } from './corpus';
import { fixtureSources, type FixtureLanguage } from './fixtures';

const SERVICE_NOUNS = ['orders', 'billing', 'catalog', 'inventory', 'shipping', 'accounts', 'search', 'reviews', 'payments', 'notify', 'reports', 'media'];

/** Manifests and deploy files of one service. */
function serviceFiles(dir: string, name: string, lang: 'node' | FixtureLanguage, rnd: () => number): CorpusFile[] {
  const port = 3000 + Math.floor(rnd() * 5000);
  const fixedPort = rnd() < 0.3;
  const out: CorpusFile[] = [];
  const cmd = lang === 'node' ? '["node", "dist/server.js"]' : lang === 'python' ? '["gunicorn", "app.main:app"]' : '["/app/server"]';
  const base = lang === 'node' ? 'node:20-slim' : lang === 'python' ? 'python:3.12-slim' : 'golang:1.22';
  out.push({
    path: `${dir}/Dockerfile`,
    text: `FROM ${base}\nWORKDIR /app\nCOPY . .\n${lang === 'node' ? 'RUN npm ci && npm run build\n' : lang === 'python' ? 'RUN pip install -r requirements.txt\n' : 'RUN go build -o /app/server ./cmd/server\n'}${fixedPort ? `EXPOSE ${port}\nENV PORT=${port}\n` : ''}CMD ${cmd}\n`,
  });
  out.push({
    path: `${dir}/docker-compose.yml`,
    text: `services:\n  ${name}:\n    build: .\n    ports:\n      - "${port}:${port}"\n    environment:\n      PORT: "${port}"\n      DATABASE_URL: \${DATABASE_URL}\n  postgres:\n    image: postgres:16\n    environment:\n      POSTGRES_PASSWORD: example\n`,
  });
  out.push({ path: `${dir}/Procfile`, text: `web: ${lang === 'node' ? 'node dist/server.js' : lang === 'python' ? 'gunicorn app.main:app --bind 0.0.0.0:$PORT' : 'bin/server'}\nworker: ${lang === 'python' ? 'celery -A app.tasks worker' : lang === 'node' ? 'node dist/worker.js' : 'bin/worker'}\n` });
  out.push({ path: `${dir}/.env.example`, text: `PORT=\nDATABASE_URL=\nREDIS_URL=\n${name.toUpperCase()}_API_KEY=\n` });
  out.push({
    path: `${dir}/deploy/deployment.yaml`,
    text: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  replicas: 2\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: registry.example.com/${name}:1.0.0\n          ports:\n            - containerPort: ${port}\n          env:\n            - name: PORT\n              value: "${port}"\n`,
  });
  if (lang === 'node') {
    out.push({ path: `${dir}/package.json`, text: JSON.stringify({ name, version: '1.0.0', private: true, scripts: { build: 'tsc -p .', start: 'node dist/server.js' }, dependencies: { express: '^4.19.0', pg: '^8.11.0', winston: '^3.13.0' } }, null, 2) + '\n' });
    out.push({ path: `${dir}/package-lock.json`, text: JSON.stringify({ name, version: '1.0.0', lockfileVersion: 3, requires: true, packages: { '': { name, version: '1.0.0' } } }, null, 2) + '\n' });
  } else if (lang === 'python') {
    out.push({ path: `${dir}/requirements.txt`, text: 'flask==3.0.3\ngunicorn==22.0.0\nredis==5.0.4\npsycopg[binary]==3.1.19\ncelery==5.4.0\nrequests==2.32.3\n' });
  } else {
    out.push({ path: `${dir}/go.mod`, text: `module example.com/${name}\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.10.0\n\tgithub.com/redis/go-redis/v9 v9.5.1\n)\n` });
    out.push({ path: `${dir}/go.sum`, text: 'github.com/gin-gonic/gin v1.10.0 h1:example=\ngithub.com/redis/go-redis/v9 v9.5.1 h1:example=\n' });
  }
  return out;
}

/** Source files in one language from the fixture corpora: each one to three fixture sources joined. */
function fixtureModules(lang: FixtureLanguage, dir: string, count: number, rnd: () => number): CorpusFile[] {
  const sources = fixtureSources(lang);
  const out: CorpusFile[] = [];
  const ext = lang === 'python' ? 'py' : 'go';
  for (let i = 0; i < count; i++) {
    const parts = 1 + Math.floor(rnd() * 3);
    let text = '';
    for (let p = 0; p < parts; p++) {
      let t = sources[Math.floor(rnd() * sources.length)].text;
      if (lang === 'go' && text) t = t.replace(/^package \w+\s*\n/m, '');
      text += (text ? '\n' : '') + t;
    }
    const sub = lang === 'python' ? ['app', 'app/api', 'app/services', 'app/jobs'] : ['internal/api', 'internal/store', 'internal/jobs', 'cmd/server'];
    out.push({ path: `${dir}/${sub[i % sub.length]}/${SERVICE_NOUNS[i % SERVICE_NOUNS.length]}_${i}.${ext}`, text });
  }
  return out;
}

/**
 * A monorepo of about `files` files: services of about 50 files each, half TypeScript/JavaScript,
 * a quarter Python, a quarter Go, each with its Dockerfile, compose file, Procfile, Kubernetes
 * manifest, .env.example and manifest; a README and a .gitignore at the root.
 */
export function generateWorkspace(files: number, seed = 2024): CorpusFile[] {
  const rnd = random(seed);
  const out: CorpusFile[] = [
    { path: 'README.md', text: '# Shop platform\n\nServices of the shop, one folder each.\n' },
    { path: '.gitignore', text: 'node_modules/\ndist/\n__pycache__/\n*.log\n' },
  ];
  for (let s = 0; out.length < files; s++) {
    const name = `${SERVICE_NOUNS[s % SERVICE_NOUNS.length]}-${s}`;
    const lang = (['node', 'node', 'python', 'go'] as const)[s % 4];
    const dir = `services/${name}`;
    const room = Math.min(50, files - out.length);
    const deploy = serviceFiles(dir, name, lang, rnd).slice(0, room);
    out.push(...deploy);
    const sources = room - deploy.length;
    if (sources <= 0) continue;
    if (lang === 'node') {
      for (const f of generateCorpus(sources, 6000, seed + s)) out.push({ path: `${dir}/${f.path}`, text: f.text });
    } else out.push(...fixtureModules(lang, dir, sources, rnd));
  }
  return out;
}

/** `count` source files of one language (for the CLI throughput), about `averageBytes` each. */
export function generateLanguageCorpus(lang: 'typescript' | FixtureLanguage, count: number, averageBytes: number, seed = 12): CorpusFile[] {
  if (lang === 'typescript') return generateCorpus(count, averageBytes, seed);
  const rnd = random(seed);
  const sources = fixtureSources(lang);
  const ext = lang === 'python' ? 'py' : 'go';
  const out: CorpusFile[] = [];
  for (let i = 0; i < count; i++) {
    const target = averageBytes * (0.3 + rnd() * 1.4);
    let text = '';
    while (text.length < target) {
      let t = sources[Math.floor(rnd() * sources.length)].text;
      if (lang === 'go' && text) t = t.replace(/^package \w+\s*\n/m, '');
      text += (text ? '\n' : '') + t;
    }
    out.push({ path: `${lang === 'python' ? 'app' : 'internal'}/${SERVICE_NOUNS[i % SERVICE_NOUNS.length]}/${SERVICE_NOUNS[(i * 7) % SERVICE_NOUNS.length]}_${i}.${ext}`, text });
  }
  return out;
}

/**
 * Writes `files` under `dir` unless the same set (by `key`) is already there. The folder is made a
 * project of its own (a `.git` folder), so the repository's .gitignore, which ignores .bench/,
 * does not apply inside it.
 */
export function materialize(dir: string, key: string, files: () => CorpusFile[]): { files: number; bytes: number } {
  // Beside the folder, not in it: the scan would list it.
  const marker = `${dir}.corpus.json`;
  if (fs.existsSync(marker)) {
    const m = JSON.parse(fs.readFileSync(marker, 'utf8')) as { key: string; files: number; bytes: number };
    if (m.key === key) return { files: m.files, bytes: m.bytes };
  }
  const list = files();
  fs.rmSync(dir, { recursive: true, force: true });
  let bytes = 0;
  for (const f of list) {
    const p = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, f.text);
    bytes += Buffer.byteLength(f.text);
  }
  fs.mkdirSync(path.join(dir, '.git'), { recursive: true });
  fs.writeFileSync(marker, JSON.stringify({ key, files: list.length, bytes }));
  return { files: list.length, bytes };
}
