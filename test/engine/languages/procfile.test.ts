/**
 * The Procfile adapter and the shell word splitter it uses: command lines with their words and
 * spans, expansions, operators, broken and large input, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { languageFor } from '../../../server/src/engine/languages';
import { splitShellWords } from '../../../server/src/engine/languages/shell';
import type { CommandLine } from '../../../server/src/engine/model';
import type { Rule } from '../../../server/src/engine/types';
import { findingLines, formatModel, plain, repeatLines, textAt } from '../../support/formats';

const PROCFILE = `# processes
web: node server.js --port $PORT
worker: bundle exec sidekiq -c \${SIDEKIQ_CONCURRENCY:-5} -q "critical, 2"
release: npx prisma migrate deploy && node scripts/seed.js
clock: sh -c 'while true; do node tick.js; sleep 60; done'
`;

function command(cmds: CommandLine[] | undefined, label: string): CommandLine {
  const c = cmds?.find((x) => x.label === label);
  assert.ok(c, `command ${label}`);
  return c;
}

describe('procfile adapter', () => {
  it('is a deploy file with one shell command line per process type', async () => {
    const m = await formatModel('Procfile', PROCFILE, 'procfile');
    assert.equal(m.language, 'procfile');
    assert.equal(m.fileKind, 'deploy');
    assert.equal(m.hasErrors, false);
    assert.deepEqual(m.commands!.map((c) => [c.label, c.form]), [['web', 'shell'], ['worker', 'shell'], ['release', 'shell'], ['clock', 'shell']]);
    const web = command(m.commands, 'web');
    assert.equal(textAt(m, web.span), 'node server.js --port $PORT');
    assert.deepEqual(plain(web.args), [
      { kind: 'string', value: 'node' },
      { kind: 'string', value: 'server.js' },
      { kind: 'string', value: '--port' },
      { kind: 'env', name: 'PORT' },
    ]);
    assert.equal(textAt(m, web.args[3].span), '$PORT');
    assert.deepEqual(m.comments.map((c) => [c.text, c.line]), [['processes', 0]]);
    assert.deepEqual(m.envReads, []);
    assert.equal(m.idioms.envNumber('PORT', '3000'), '${PORT:-3000}');
  });

  it('splits quotes, defaults and operators', async () => {
    const m = await formatModel('Procfile.dev', PROCFILE, 'procfile');
    const worker = command(m.commands, 'worker');
    assert.deepEqual(plain(worker.args.slice(3)), [
      { kind: 'string', value: '-c' },
      { kind: 'env', name: 'SIDEKIQ_CONCURRENCY', fallback: { kind: 'number', value: 5 } },
      { kind: 'string', value: '-q' },
      { kind: 'string', value: 'critical, 2' },
    ]);
    assert.equal(textAt(m, worker.args[6].span), '"critical, 2"');
    const fallback = worker.args[4].kind === 'env' ? worker.args[4].fallback : undefined;
    assert.equal(fallback && textAt(m, fallback.span), '5');
    const release = command(m.commands, 'release');
    assert.deepEqual(release.args.map((a) => (a.kind === 'string' ? a.value : `<${a.kind}:${textAt(m, a.span)}>`)), ['npx', 'prisma', 'migrate', 'deploy', '<other:&&>', 'node', 'scripts/seed.js']);
    const clock = command(m.commands, 'clock');
    assert.deepEqual(plain(clock.args), [
      { kind: 'string', value: 'sh' },
      { kind: 'string', value: '-c' },
      { kind: 'string', value: 'while true; do node tick.js; sleep 60; done' },
    ]);
  });

  it('splits words as a POSIX shell does', () => {
    const split = (s: string) => splitShellWords(s, 0, s.length);
    const words = (s: string) => split(s).args.map((a) => (a.kind === 'string' ? a.value : `<${a.kind}>`));
    assert.deepEqual(words(`a\\ b "c \\"d\\" \\$e" 'f\\g' h"i"j`), ['a b', 'c "d" $e', 'f\\g', 'hij']);
    assert.deepEqual(words('x=$(date) `id` $1 >out 2>&1 | y; z &'), ['<other>', '<other>', '<other>', '<other>', 'out', '2', '<other>', '1', '<other>', 'y', '<other>', 'z', '<other>']);
    assert.deepEqual(words('node app.js # a comment'), ['node', 'app.js']);
    assert.deepEqual(plain(split('--bind=0.0.0.0:${PORT}').args), [{ kind: 'template', parts: ['--bind=0.0.0.0:'] }]);
    assert.deepEqual(plain(split('"$PORT"').args), [{ kind: 'env', name: 'PORT' }]);
    assert.deepEqual(split('"$PORT" ${WEB_CONCURRENCY:-2}').envRefs.map((r) => r.name), ['PORT', 'WEB_CONCURRENCY']);
    assert.deepEqual(words("''"), ['']);
    for (const broken of ['"open', "'open", '${OPEN', '$(open', '`open']) assert.equal(split(broken).hasErrors, true, broken);
  });

  it('recognises Procfiles by name', () => {
    for (const p of ['Procfile', 'Procfile.dev', 'apps/api/Procfile']) assert.equal(languageFor(p)?.id, 'procfile', p);
    for (const p of ['Procfile.md', 'procfiles/readme.txt']) assert.notEqual(languageFor(p)?.id, 'procfile', p);
  });

  it('marks lines that are not `name: command`', async () => {
    const m = await formatModel('Procfile', 'web node server.js\n: no name\nweb: node "unclosed\nok: node ok.js\n');
    assert.equal(m.hasErrors, true);
    assert.deepEqual(m.commands!.map((c) => c.label), ['web', 'ok']);
    for (const text of ['', '\n', 'web:', 'web:   ', '\u0000']) assert.equal((await formatModel('Procfile', text)).text, text);
  });

  it('reads a large file', async () => {
    const text = repeatLines(500_000, (i) => `proc${i}: node worker.js --queue q${i} --concurrency \${CONC_${i}:-4} && echo "done ${i}"`);
    const started = Date.now();
    const m = await formatModel('Procfile', text);
    assert.ok(m.commands!.length > 5_000);
    console.log(`  procfile: ${(text.length / 1024).toFixed(0)} KB in ${Date.now() - started} ms`);
  });

  it('honours # suppression comments through the engine', async () => {
    const fixedPort: Rule = {
      meta: { id: 'test-port-arg', factor: 7, description: 'Reports a numeric --port argument (a rule for tests).', defaultSeverity: 'warning', fixable: false, fileKinds: ['deploy'] },
      create(ctx) {
        for (const c of ctx.model.commands ?? []) {
          c.args.forEach((a, i) => {
            const prev = c.args[i - 1];
            if (a.kind === 'string' && /^\d+$/.test(a.value) && prev?.kind === 'string' && prev.value === '--port') ctx.report({ span: a.span, message: 'fixed port' });
          });
        }
      },
    };
    const text = ['web: node a.js --port 3000', '# twelve-factor-ignore-next-line test-port-arg', 'admin: node b.js --port 3001', 'api: node c.js --port $PORT', 'jobs: node d.js --port 3002', ''].join('\n');
    assert.deepEqual(await findingLines('Procfile', text, [fixedPort]), [1, 5]);
  });
});
