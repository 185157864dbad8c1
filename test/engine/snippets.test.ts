/**
 * Snippets give the right pattern: every prefix starts with `12f-`, has a description, and the
 * inserted JS/TS/Python code parses cleanly and raises no finding of our own rules.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildModel, runRules } from '../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../server/src/engine/languages';

const DIR = path.join(__dirname, '..', '..', 'snippets');
const EXT: Record<string, string> = { javascript: 'js', typescript: 'ts', python: 'py', go: 'go' };

/** Expands a snippet body as VS Code would with every placeholder at its default. */
export function expandSnippet(body: string[]): string {
  let text = body.join('\n').replace(/\\\$/g, '\u0000');
  for (let i = 0; i < 5; i++) text = text.replace(/\$\{\d+:([^{}]*)\}/g, '$1');
  text = text.replace(/\$\{\d+\}|\$\d+/g, '');
  return text.replace(/\u0000/g, '$').replace(/\t/g, '  ');
}

const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));

describe('snippets', () => {
  it('are contributed for each snippet file', () => {
    const contributed: { language: string; path: string }[] = pkg.contributes.snippets ?? [];
    for (const f of fs.readdirSync(DIR)) {
      assert.ok(contributed.some((c) => c.path === `./snippets/${f}`), `package.json contributes snippets/${f}`);
    }
  });
  for (const file of fs.readdirSync(DIR)) {
    const lang = path.basename(file, '.json');
    const snippets: Record<string, { prefix: string; description: string; body: string[] }> = JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8'));
    for (const [name, s] of Object.entries(snippets)) {
      it(`${lang}: ${s.prefix}`, async () => {
        assert.match(s.prefix, /^12f-[a-z-]+$/, name);
        assert.ok(s.description && s.description.length > 20, 'a description');
        const spec = languageFor(`snippet.${EXT[lang]}`);
        // Go snippets are statement fragments (no package or func around them): prefix and description only.
        if (!spec || lang === 'go') return;
        const text = expandSnippet(s.body);
        await prepareLanguage(spec);
        const built = buildModel(spec, text)!;
        assert.equal(built.model.hasErrors, false, `parses cleanly:\n${text}`);
        assert.deepEqual(runRules(built.model, 'src/snippet.' + EXT[lang]).map((f) => f.ruleId), [], text);
        built.tree.delete();
      });
    }
  }
});
