/**
 * A generated corpus of realistic JavaScript and TypeScript for the benchmark: Express routes,
 * services, React components, CommonJS utilities, configuration modules, server entry points and
 * tests, with the occasional fixed port or hardcoded URL, as real projects have. Deterministic:
 * the same seed gives the same files.
 */

/** A seeded pseudo-random generator (mulberry32): the same corpus on every machine. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NOUNS = ['order', 'invoice', 'customer', 'product', 'cart', 'shipment', 'payment', 'review', 'coupon', 'account', 'session', 'report', 'ticket', 'subscription', 'warehouse'];
const VERBS = ['load', 'fetch', 'create', 'update', 'archive', 'sync', 'validate', 'refresh', 'export', 'import'];

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

class Writer {
  constructor(readonly rnd: () => number, readonly ts: boolean) {}
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.rnd() * xs.length)];
  }
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.rnd() * (hi - lo + 1));
  }
  t(typed: string, plain = ''): string {
    return this.ts ? typed : plain;
  }

  fetchFunction(): string {
    const n = this.pick(NOUNS);
    const v = this.pick(VERBS);
    const N = cap(n);
    const i = this.int(1, 999);
    return `
/**
 * ${cap(v)}s a ${n} from the ${n} service, with a short-lived cache.
 */
export async function ${v}${N}${i}(id${this.t(': string')}, options${this.t(`: { refresh?: boolean; timeoutMs?: number }`)} = {})${this.t(`: Promise<${N}Record | undefined>`)} {
  const started = Date.now();
  const cached = cache.get(\`${n}:\${id}\`);
  if (cached && !options.refresh) return cached${this.t(` as ${N}Record`)};
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? ${this.int(2, 30) * 1000});
  try {
    const response = await fetch(\`\${process.env.${n.toUpperCase()}_API_URL ?? ''}/${n}s/\${encodeURIComponent(id)}\`, {
      headers: { accept: 'application/json', 'x-request-id': randomUUID() },
      signal: controller.signal,
    });
    if (!response.ok) {
      logger.warn('${v} ${n} failed', { id, status: response.status });
      return undefined;
    }
    const body = (await response.json())${this.t(` as ${N}Record`)};
    cache.set(\`${n}:\${id}\`, body);
    metrics.timing('${n}.${v}', Date.now() - started);
    return body;
  } finally {
    clearTimeout(timer);
  }
}
`;
  }

  typeBlock(): string {
    const N = cap(this.pick(NOUNS));
    if (!this.ts) return `\n/** @typedef {{ id: string, status: string, total: number }} ${N}Summary */\n`;
    return `
export interface ${N}Record {
  id: string;
  createdAt: string;
  updatedAt?: string;
  status: 'draft' | 'active' | 'archived';
  total: number;
  currency: string;
  tags: string[];
  owner: { id: string; email: string; displayName?: string };
}

export type ${N}Patch = Partial<Omit<${N}Record, 'id' | 'createdAt'>>;
`;
  }

  route(): string {
    const n = this.pick(NOUNS);
    const N = cap(n);
    return `
router.get('/${n}s/:id', async (req${this.t(': Request')}, res${this.t(': Response')}) => {
  const item = await repository.find${N}(req.params.id);
  if (!item) return res.status(404).json({ error: '${n} not found' });
  res.json(item);
});

router.post('/${n}s', async (req${this.t(': Request')}, res${this.t(': Response')}) => {
  const errors = validate${N}(req.body);
  if (errors.length > 0) return res.status(422).json({ errors });
  const created = await repository.create${N}({ ...req.body, createdAt: new Date().toISOString() });
  logger.info('${n} created', { id: created.id, user: req.user?.id });
  res.status(201).location(\`/${n}s/\${created.id}\`).json(created);
});
`;
  }

  reducer(): string {
    const N = cap(this.pick(NOUNS));
    return `
export function ${N.toLowerCase()}Reducer${this.int(1, 99)}(state${this.t(`: ${N}State`)} = initial${N}State, action${this.t(`: ${N}Action`)})${this.t(`: ${N}State`)} {
  switch (action.type) {
    case '${N.toLowerCase()}/loaded':
      return { ...state, items: action.items, loading: false, error: undefined };
    case '${N.toLowerCase()}/failed':
      return { ...state, loading: false, error: action.error };
    case '${N.toLowerCase()}/removed':
      return { ...state, items: state.items.filter((item) => item.id !== action.id) };
    default:
      return state;
  }
}
`;
  }

  pipeline(): string {
    const n = this.pick(NOUNS);
    return `
export function summarize${cap(n)}s${this.int(1, 99)}(items${this.t(`: Array<{ id: string; total: number; status: string; tags: string[] }>`)}) {
  const active = items.filter((item) => item.status === 'active');
  const byTag = new Map${this.t('<string, number>')}();
  for (const item of active) {
    for (const tag of item.tags) byTag.set(tag, (byTag.get(tag) ?? 0) + item.total);
  }
  const total = active.reduce((sum, item) => sum + item.total, 0);
  return {
    count: active.length,
    total: Math.round(total * 100) / 100,
    average: active.length ? total / active.length : 0,
    topTags: [...byTag.entries()].sort((a, b) => b[1] - a[1]).slice(0, ${this.int(3, 10)}).map(([tag]) => tag),
  };
}
`;
  }

  component(): string {
    const N = cap(this.pick(NOUNS));
    return `
export function ${N}Card${this.int(1, 999)}({ item, onSelect }: { item: ${N}Record; onSelect(id: string): void }) {
  const [expanded, setExpanded] = useState(false);
  const formatted = useMemo(() => new Intl.NumberFormat('en', { style: 'currency', currency: item.currency }).format(item.total), [item]);
  return (
    <article className="card ${N.toLowerCase()}-card" onClick={() => onSelect(item.id)}>
      <header>
        <h3>{item.owner.displayName ?? item.owner.email}</h3>
        <span className={\`status status-\${item.status}\`}>{item.status}</span>
      </header>
      <p className="amount">{formatted}</p>
      {expanded && <ul>{item.tags.map((tag) => <li key={tag}>{tag}</li>)}</ul>}
      <button type="button" onClick={(e) => { e.stopPropagation(); setExpanded(!expanded); }}>
        {expanded ? 'Less' : 'More'}
      </button>
    </article>
  );
}
`;
  }

  configBlock(): string {
    const n = this.pick(NOUNS);
    // About one config block in six hardcodes what should come from the environment.
    const hardcoded = this.rnd() < 0.17;
    return `
export const ${n}Config = {
  baseUrl: ${hardcoded ? `'http://${n}-service.internal:${this.int(8000, 8999)}'` : `process.env.${n.toUpperCase()}_URL ?? 'http://localhost:8080'`},
  retries: Number(process.env.${n.toUpperCase()}_RETRIES ?? ${this.int(1, 5)}),
  timeoutMs: ${this.int(1, 20) * 500},
  features: { audit: true, softDelete: ${this.rnd() < 0.5}, batchSize: ${this.int(10, 500)} },
};
`;
  }

  server(): string {
    const fixed = this.rnd() < 0.5;
    return `
const app = express();
app.use(express.json({ limit: '1mb' }));
app.use(requestLogger);
app.use('/api', router);
app.get('/healthz', (_req, res) => res.json({ ok: true }));
app.listen(${fixed ? this.int(3000, 9000) : 'Number(process.env.PORT ?? 3000)'}, () => logger.info('listening'));
`;
  }

  test(): string {
    const n = this.pick(NOUNS);
    return `
describe('${n} service', () => {
  it('loads a ${n}', async () => {
    const server = app.listen(0);
    const res = await request(server).get('/api/${n}s/42');
    expect(res.status).toBe(200);
    server.close();
  });
});
`;
  }
}

/** A generated file: its path in the corpus and its text. */
export interface CorpusFile {
  path: string;
  text: string;
}

const HEADER_TS = `import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { logger } from '../logger';
import { metrics } from '../metrics';
import { repository } from '../repository';

const cache = new Map<string, unknown>();
`;
const HEADER_JS = `'use strict';
const { randomUUID } = require('node:crypto');
const { logger } = require('../logger');
const { metrics } = require('../metrics');
const { repository } = require('../repository');

const cache = new Map();
`;

/**
 * Generates `files` files of about `averageBytes` each (sizes vary from a fifth to twice that):
 * two thirds TypeScript, a sixth TSX, the rest CommonJS JavaScript, and one file in twelve a test.
 */
export function generateCorpus(files: number, averageBytes: number, seed = 12): CorpusFile[] {
  const rnd = random(seed);
  const out: CorpusFile[] = [];
  for (let i = 0; i < files; i++) {
    const kind = rnd();
    const isTest = i % 12 === 11;
    const ext = kind < 0.66 ? 'ts' : kind < 0.83 ? 'tsx' : 'js';
    const w = new Writer(rnd, ext !== 'js');
    const dir = isTest ? 'test' : w.pick(['src/routes', 'src/services', 'src/lib', 'src/config', ext === 'tsx' ? 'src/components' : 'src/jobs']);
    const name = `${w.pick(NOUNS)}-${w.pick(VERBS)}-${i}`;
    const target = Math.round(averageBytes * (0.2 + rnd() * 1.8));
    let text = ext === 'js' ? HEADER_JS : HEADER_TS;
    if (ext === 'tsx') text = `import { useMemo, useState } from 'react';\n` + text;
    if (dir === 'src/routes') text += ext === 'js' ? `const router = require('express').Router();\n` : `import { Router } from 'express';\nconst router = Router();\n`;
    const blocks: (() => string)[] = isTest
      ? [() => w.test(), () => w.fetchFunction()]
      : dir === 'src/routes'
        ? [() => w.route(), () => w.fetchFunction(), () => w.typeBlock()]
        : dir === 'src/config'
          ? [() => w.configBlock(), () => w.typeBlock(), () => w.pipeline()]
          : ext === 'tsx'
            ? [() => w.component(), () => w.reducer(), () => w.typeBlock()]
            : [() => w.fetchFunction(), () => w.pipeline(), () => w.reducer(), () => w.typeBlock()];
    while (text.length < target) text += w.pick(blocks)();
    if (!isTest && i % 40 === 0) text += w.server();
    out.push({ path: `${dir}/${name}${isTest ? '.test' : ''}.${ext}`, text });
  }
  return out;
}

/** One TypeScript file of about `bytes` bytes (for the latency measurements). */
export function generateTypeScriptFile(bytes: number, seed = 7): string {
  const w = new Writer(random(seed), true);
  let text = HEADER_TS + `import { Router } from 'express';\nconst router = Router();\n`;
  const blocks = [() => w.fetchFunction(), () => w.route(), () => w.typeBlock(), () => w.pipeline(), () => w.reducer(), () => w.configBlock()];
  let i = 0;
  while (text.length < bytes) {
    // A comment line every few blocks: the benchmark types into one in the middle of the file.
    text += i++ % 4 === 0 ? `\n// notes ${i}: \n` : '';
    text += w.pick(blocks)();
  }
  return text + w.server();
}
