/**
 * Registration of the configuration and deploy formats: which file names select which format and
 * file kind, that the tree-sitter languages are unaffected, that rules run on these files only when
 * they opt in, and that the engine's entry points (analyze, the incremental host) handle them.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isTestPath } from '../../../server/src/engine/files';
import { positionAt } from '../../../server/src/engine/text';
import { applyEdits, fixedPathFor, listFixtures, parseAnnotations } from '../../support/annotations';
import { analyze, runRules } from '../../../server/src/engine/analyze';
import { IncrementalTree } from '../../../server/src/engine/incremental';
import { languageFor, LANGUAGES, prepareLanguage, supportedFileNames } from '../../../server/src/engine/languages';
import type { Value } from '../../../server/src/engine/model';
import type { Rule } from '../../../server/src/engine/types';
import { formatModel, keyRule } from '../../support/formats';

const BY_NAME: [string, string, 'deploy' | 'app-config'][] = [
  ['Dockerfile', 'dockerfile', 'deploy'],
  ['services/api/Dockerfile.prod', 'dockerfile', 'deploy'],
  ['build/api.dockerfile', 'dockerfile', 'deploy'],
  ['Containerfile', 'dockerfile', 'deploy'],
  ['docker-compose.yml', 'compose', 'deploy'],
  ['docker-compose.override.yaml', 'compose', 'deploy'],
  ['compose.yaml', 'compose', 'deploy'],
  ['compose.prod.yml', 'compose', 'deploy'],
  ['Procfile', 'procfile', 'deploy'],
  ['.env', 'dotenv', 'deploy'],
  ['.env.production', 'dotenv', 'deploy'],
  ['.env.example', 'dotenv-template', 'deploy'],
  ['src/main/resources/application.properties', 'properties', 'app-config'],
  ['application-prod.properties', 'properties', 'app-config'],
  ['src/main/resources/application.yml', 'spring-yaml', 'app-config'],
  ['application-dev.yaml', 'spring-yaml', 'app-config'],
  ['config/database.yml', 'rails-database', 'app-config'],
  ['appsettings.json', 'appsettings', 'app-config'],
  ['src/Api/appsettings.Development.json', 'appsettings', 'app-config'],
  ['logback.xml', 'logback', 'app-config'],
  ['logback-spring.xml', 'logback', 'app-config'],
  ['log4j2.xml', 'log4j2', 'app-config'],
  ['web.config', 'web-config', 'app-config'],
];

describe('configuration and deploy formats', () => {
  it('are selected by file name, each with its file kind', async () => {
    for (const [path, id, kind] of BY_NAME) {
      const spec = languageFor(path);
      assert.equal(spec?.id, id, path);
      const m = await formatModel(path, '');
      assert.equal(m.fileKind, kind, path);
    }
  });

  it('leave other files alone, and source files to their languages', () => {
    for (const p of ['config.yml', 'data.json', 'pom.xml', 'messages.properties', 'package.json', '.github/workflows/deploy.yml', 'README.md', 'docker-compose.md', 'app.env.ts']) {
      assert.notEqual(languageFor(p)?.parseText ? 'format' : undefined, 'format', p);
    }
    assert.equal(languageFor('src/server.ts')?.id, 'typescript');
    assert.equal(languageFor('.env.js')?.id, 'javascript');
    // a yaml/json/xml language id alone does not make a file a configuration format
    for (const id of ['yaml', 'json', 'jsonc', 'xml', 'properties']) assert.equal(languageFor('untitled:Untitled-1', id), undefined, id);
    assert.equal(languageFor('untitled:Untitled-1', 'dockerfile')?.id, 'dockerfile');
  });

  it('expose their file-name globs and editor language ids', () => {
    const globs = supportedFileNames();
    for (const g of ['**/Dockerfile', '**/.env', '**/Procfile', '**/appsettings*.json', '**/application*.properties']) assert.ok(globs.includes(g), g);
    for (const spec of LANGUAGES) if (spec.parseText) assert.ok(spec.editorLanguageIds.length > 0, spec.id);
  });

  it('run a rule only when it opts in to the file kind', async () => {
    const text = 'services:\n  db:\n    environment:\n      POSTGRES_PASSWORD: example\n';
    const m = await formatModel('docker-compose.yml', text);
    const optedIn = keyRule(/PASSWORD$/);
    const sourceOnly: Rule = { ...optedIn, meta: { ...optedIn.meta, id: 'test-source-only', fileKinds: undefined } };
    assert.deepEqual(runRules(m, 'docker-compose.yml', {}, [optedIn, sourceOnly]).map((f) => f.ruleId), ['test-config-key']);
    const appConfigOnly: Rule = { ...optedIn, meta: { ...optedIn.meta, id: 'test-app-config', fileKinds: ['app-config'] } };
    assert.deepEqual(runRules(m, 'docker-compose.yml', {}, [appConfigOnly]), []);
  });

  it('go through analyze(): checked, never skipped as unsupported', async () => {
    for (const [path] of BY_NAME) {
      const r = await analyze({ path, text: '' });
      assert.equal(r.skipped, undefined, path);
    }
    const k8s = await analyze({ path: 'deploy/app.yaml', text: 'apiVersion: v1\nkind: ConfigMap\ndata:\n  A: b\n' });
    assert.equal(k8s.skipped, undefined);
    const random = await analyze({ path: 'deploy/values.yaml', text: 'replicas: 3\n' });
    assert.equal(random.skipped?.reason, 'unsupported');
    const huge = await analyze({ path: '.env', text: 'A=b\n'.repeat(300_000) }, { maxFileSize: 1024 * 1024 });
    assert.equal(huge.skipped?.reason, 'too-large');
    const binary = await analyze({ path: 'Dockerfile', text: 'FROM x\n\u0000\u0001' });
    assert.equal(binary.skipped?.reason, 'binary');
  });

  it('build in the incremental host (no tree is kept for them)', async () => {
    const spec = languageFor('Dockerfile')!;
    await prepareLanguage(spec);
    const tree = new IncrementalTree(spec);
    const first = tree.build('FROM node\nENV A=1\n');
    tree.applyChange('FROM node\nENV A=1\n', 15, 16, '2');
    const second = tree.build('FROM node\nENV A=2\n');
    assert.equal(first?.strings[0].value, '1');
    assert.equal(second?.strings[0].value, '2');
    assert.equal(tree.hasTree, false);
    tree.dispose();
  });
});

/**
 * The annotated corpora waiting for the rules to learn these formats (test/fixtures/pending/deploy):
 * every file is read by its format without errors, and every annotation points at a line where
 * the model has a value or a command word a rule could report.
 */
describe('pending deploy fixtures', () => {
  const ROOT = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'deploy');
  // a rule's folder moves to fixtures/rules/<rule>/deploy/ once the rule knows these formats
  const MOVED = path.join(__dirname, '..', '..', 'fixtures', 'rules');
  const folderOf = (rule: string) => (fs.existsSync(path.join(ROOT, rule)) ? path.join(ROOT, rule) : path.join(MOVED, rule, 'deploy'));
  const rules = [
    ...fs.readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name),
    ...fs.readdirSync(MOVED).filter((r) => !fs.existsSync(path.join(ROOT, r)) && fs.existsSync(path.join(MOVED, r, 'deploy'))),
  ];

  it('cover the rules that apply to configuration and deploy files', () => {
    assert.deepEqual(rules.sort(), ['no-file-logging', 'no-fixed-port', 'no-hardcoded-backing-service', 'no-hardcoded-secret', 'no-in-memory-session']);
  });

  for (const rule of rules) {
    it(`${rule}: files parse cleanly and annotations point at values`, async () => {
      let ruleids = 0;
      for (const f of listFixtures(folderOf(rule))) {
        const spec = languageFor(f.enginePath, undefined, f.text);
        assert.ok(spec?.parseText, `${rule}/${f.enginePath} is a configuration or deploy format`);
        assert.ok(!isTestPath(f.enginePath), `${rule}/${f.enginePath} is not taken for a test file`);
        const m = await formatModel(f.enginePath, f.text);
        assert.equal(m.hasErrors, false, `${rule}/${f.enginePath} parses without errors`);
        const lines = new Set<number>();
        const lineOf = (offset: number) => positionAt(m.lineStarts, offset).line;
        for (const s of m.strings) lines.add(lineOf(s.span.start));
        for (const c of m.commands ?? []) for (const a of c.args) lines.add(lineOf(a.span.start));
        // env lookups and templates are values too, without a literal in `strings`
        const leaves = (v: Value): void => {
          if (v.kind === 'object') v.props.forEach((p) => leaves(p.value));
          else if (v.kind === 'array') v.items.forEach(leaves);
          else lines.add(lineOf(v.span.start));
        };
        (m.documents ?? []).forEach(leaves);
        const marks = parseAnnotations(f.text);
        assert.ok(marks.length > 0, `${rule}/${f.enginePath} has annotations`);
        for (const e of marks) assert.ok(lines.has(e.line), `${rule}/${f.enginePath}:${e.line + 1}: the annotated line holds a value`);
        ruleids += marks.filter((e) => e.rule === rule && e.mark === 'ruleid').length;
      }
      assert.ok(ruleids > 0, `${rule} has ruleid annotations`);
    });
  }

  it('no-fixed-port: the expected fix outputs are the port values rewritten with the format idiom', async () => {
    const dir = folderOf('no-fixed-port');
    const withFix = listFixtures(dir).filter((f) => fs.existsSync(fixedPathFor(f.file)));
    assert.ok(withFix.length >= 5, `${withFix.length} files with expected fixes`);
    for (const f of withFix) {
      const m = await formatModel(f.enginePath, f.text);
      const targets = new Set(parseAnnotations(f.text).filter((e) => e.rule === 'no-fixed-port' && e.mark === 'ruleid').map((e) => e.line));
      const edits = m.strings
        .filter((s) => targets.has(positionAt(m.lineStarts, s.span.start).line) && s.context.key === 'port' && s.scalar === 'number')
        .map((s) => ({ start: s.innerSpan.start, end: s.innerSpan.end, newText: m.idioms.envNumber('PORT', s.value) }));
      assert.equal(edits.length, targets.size, `${f.enginePath}: one port value per ruleid line`);
      assert.equal(applyEdits(f.text, edits), fs.readFileSync(fixedPathFor(f.file), 'utf8'), f.enginePath);
    }
  });
});
