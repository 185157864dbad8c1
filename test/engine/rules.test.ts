/**
 * Every rule against its annotated fixtures (test/fixtures/rules/<rule-id>/), and each quick fix
 * against its expected output file (`name.fixed.ext`).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULES } from '../../server/src/engine/rules';
import { applyEdits, findingsFor, fixedPathFor, listFixtures, parseAnnotations } from '../support/annotations';

const FIXTURES = path.join(__dirname, '..', 'fixtures', 'rules');

for (const rule of RULES) {
  const id = rule.meta.id;
  describe(`rule ${id}`, () => {
    const files = listFixtures(path.join(FIXTURES, id));
    for (const f of files) {
      it(`fixture ${f.enginePath}`, async () => {
        const findings = await findingsFor(f, { includeTests: f.enginePath.startsWith('include-tests/') });
        for (const e of parseAnnotations(f.text)) {
          const onLine = findings.filter((x) => x.ruleId === e.rule && x.range.start.line === e.line);
          if (e.mark === 'ruleid') assert.ok(onLine.length > 0, `${f.enginePath}:${e.line + 1}: expected a ${e.rule} finding`);
          if (e.mark === 'ok') assert.equal(onLine.length, 0, `${f.enginePath}:${e.line + 1}: expected no ${e.rule} finding, got: ${onLine.map((x) => x.message).join(' | ')}`);
        }
        // Nothing of this rule may be reported where no annotation expects it.
        const expected = new Set(parseAnnotations(f.text).filter((e) => e.rule === id && (e.mark === 'ruleid' || e.mark === 'todook')).map((e) => e.line));
        for (const x of findings.filter((x) => x.ruleId === id)) {
          assert.ok(expected.has(x.range.start.line), `${f.enginePath}:${x.range.start.line + 1}: unexpected ${id} finding: ${x.message}`);
        }
      });
      const fixed = fixedPathFor(f.file);
      if (fs.existsSync(fixed)) {
        it(`fix output ${path.basename(fixed)}`, async () => {
          const findings = (await findingsFor(f)).filter((x) => x.ruleId === id && x.fixes.length > 0);
          assert.ok(findings.length > 0, 'a fixable finding');
          const edits = findings.flatMap((x) => x.fixes[0].edits);
          // Import edits repeat per fix: keep one of each.
          const unique = [...new Map(edits.map((e) => [`${e.start}:${e.end}:${e.newText}`, e])).values()];
          assert.equal(applyEdits(f.text, unique), fs.readFileSync(fixed, 'utf8'));
        });
      }
    }
  });
}
