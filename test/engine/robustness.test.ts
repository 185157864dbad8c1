/**
 * The engine on broken and odd input, in every language and format it reads: each annotated fixture
 * (test/fixtures/rules/**) truncated at seeded points, with random bytes, NUL, lone surrogates, a BOM,
 * CRLF or CR line ends, every line doubled, and its brackets unbalanced. No variant may throw, hang,
 * make a rule fail inside the engine, report a span outside the text or show a secret whole.
 *
 * Every fixture gets the original text and two seeded variants; one fixture per language or format
 * gets every variant. `TWELVE_FACTOR_ROBUSTNESS=full` runs every variant on every fixture.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { languageFor } from '../../server/src/engine/languages';
import { listFixtures, type FixtureFile } from '../support/annotations';
import { checkedAnalyze, seeded, seedOf } from './robustness-checks';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');
const FULL = process.env.TWELVE_FACTOR_ROBUSTNESS === 'full';
/** Fixtures per language or format that get every variant. */
const FULL_PER_LANGUAGE = 1;
/** Seeded variants for the other fixtures. */
const SAMPLED_VARIANTS = 2;
const TRUNCATIONS = 8;
/** `looksBinary` reads this many characters. */
const BINARY_SNIFF = 8192;

interface Variant {
  name: string;
  make(text: string, random: () => number): string;
  /** The engine must skip it for this reason (when it still knows the format: a NUL in `kind:` hides a manifest). */
  expectSkip?: 'binary';
}

/** `count` seeded offsets inside `text`, ascending. */
function offsets(text: string, random: () => number, count: number, from = 0): number[] {
  const span = Math.max(1, text.length - from);
  return Array.from({ length: count }, () => from + Math.floor(random() * span)).sort((a, b) => a - b);
}

/** Inserts `piece()` at `count` seeded offsets. */
function insertAt(text: string, at: number[], piece: () => string): string {
  let out = text;
  for (const i of [...at].reverse()) out = out.slice(0, i) + piece() + out.slice(i);
  return out;
}

const BRACKETS = '([{<"\'`';

const VARIANTS: Variant[] = [
  ...Array.from({ length: TRUNCATIONS }, (_, k): Variant => ({
    name: `truncated#${k + 1}`,
    // Each truncation point is drawn from its own slice of the file, so the eight cover all of it.
    make: (text, random) => text.slice(0, Math.floor(((k + random()) / TRUNCATIONS) * text.length)),
  })),
  {
    name: 'random bytes',
    make: (text, random) => insertAt(text, offsets(text, random, 6), () => String.fromCharCode(...Array.from({ length: 1 + Math.floor(random() * 8) }, () => 1 + Math.floor(random() * 255)))),
  },
  {
    name: 'NUL',
    make: (text, random) => insertAt(text, offsets(text, random, 3), () => '\0'),
    expectSkip: 'binary',
  },
  {
    // Past the part of the text the binary check reads, a NUL reaches the parsers.
    name: 'NUL after 8 KB',
    make: (text, random) => {
      let long = text;
      while (long.length < BINARY_SNIFF + text.length) long += '\n' + text;
      return insertAt(long, offsets(long, random, 4, BINARY_SNIFF), () => '\0');
    },
  },
  {
    name: 'lone surrogates',
    make: (text, random) => insertAt(text, offsets(text, random, 6), () => ['\uD800', '\uDFFF', '\uDBFF', '\uDC00'][Math.floor(random() * 4)]),
  },
  {
    // Two UTF-16 units per character: offsets in code points and in UTF-16 units part ways after it.
    name: 'astral characters',
    make: (text, random) => insertAt(text, offsets(text, random, 6), () => '\u{1F511}'),
  },
  { name: 'BOM', make: (text) => '\uFEFF' + text },
  { name: 'BOM mid-file', make: (text, random) => insertAt(text, offsets(text, random, 2), () => '\uFEFF') },
  { name: 'CRLF', make: (text) => text.replace(/\r?\n/g, '\r\n') },
  { name: 'CR', make: (text) => text.replace(/\r?\n/g, '\r') },
  { name: 'every line doubled', make: (text) => text.split('\n').flatMap((l) => [l, l]).join('\n') },
  { name: 'closing brackets removed', make: (text) => text.replace(/[)\]}>]/g, '') },
  { name: 'stray opening brackets and quotes', make: (text, random) => insertAt(text, offsets(text, random, 8), () => BRACKETS[Math.floor(random() * BRACKETS.length)]) },
];

interface Case {
  fixture: FixtureFile;
  /** The language or format the fixture is read as. */
  spec: string;
  variants: Variant[];
}

function cases(): Case[] {
  const all: { fixture: FixtureFile; spec: string }[] = [];
  for (const dir of fs.readdirSync(FIXTURES).sort()) {
    for (const f of listFixtures(path.join(FIXTURES, dir))) {
      // The rule folder stays in the path: some fixtures share a path in different rule folders.
      const fixture = { ...f, enginePath: `${dir}/${f.enginePath}` };
      const spec = languageFor(fixture.enginePath, undefined, fixture.text)?.id;
      assert.ok(spec, `${fixture.enginePath}: the engine reads the fixture`);
      all.push({ fixture, spec });
    }
  }
  const bySpec = new Map<string, typeof all>();
  for (const c of all) bySpec.set(c.spec, [...(bySpec.get(c.spec) ?? []), c]);
  const out: Case[] = [];
  for (const [spec, list] of bySpec) {
    const pick = seeded(seedOf(spec));
    const full = new Set<number>();
    while (full.size < Math.min(FULL_PER_LANGUAGE, list.length)) full.add(Math.floor(pick() * list.length));
    list.forEach((c, i) => {
      let variants = VARIANTS;
      if (!FULL && !full.has(i)) {
        const r = seeded(seedOf(c.fixture.enginePath));
        const chosen = new Set<number>();
        while (chosen.size < SAMPLED_VARIANTS) chosen.add(Math.floor(r() * VARIANTS.length));
        variants = [...chosen].sort((a, b) => a - b).map((k) => VARIANTS[k]);
      }
      out.push({ ...c, variants });
    });
  }
  return out;
}

const ALL = cases();

describe('robustness: fixtures cover every language and format', () => {
  it('has fixtures of each', () => {
    const specs = new Set(ALL.map((c) => c.spec));
    for (const id of ['javascript', 'typescript', 'tsx', 'python', 'go', 'java', 'ruby', 'csharp', 'php', 'dockerfile', 'compose', 'kubernetes', 'properties', 'spring-yaml', 'appsettings', 'dotenv', 'procfile', 'logback', 'log4j2', 'web-config']) {
      assert.ok(specs.has(id), `a fixture read as ${id}`);
    }
  });
});

for (const spec of [...new Set(ALL.map((c) => c.spec))].sort()) {
  describe(`robustness: ${spec}`, () => {
    for (const c of ALL.filter((x) => x.spec === spec)) {
      it(`${c.fixture.enginePath} (${c.variants.length === VARIANTS.length ? 'every variant' : c.variants.map((v) => v.name).join(', ')})`, async () => {
        const options = { includeTests: true, gitIgnored: false };
        await checkedAnalyze({ path: c.fixture.enginePath, text: c.fixture.text }, options, `${c.fixture.enginePath} as written`);
        const random = seeded(seedOf(c.fixture.enginePath));
        for (const v of c.variants) {
          const text = v.make(c.fixture.text, random);
          const what = `${c.fixture.enginePath} (${v.name})`;
          const result = await checkedAnalyze({ path: c.fixture.enginePath, text }, options, what);
          if (v.expectSkip) {
            const known = languageFor(c.fixture.enginePath, undefined, text) !== undefined;
            assert.equal(result.skipped?.reason, known ? v.expectSkip : 'unsupported', `${what}: skipped`);
          }
        }
      });
    }
  });
}
