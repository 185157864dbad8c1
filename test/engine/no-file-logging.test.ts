/**
 * no-file-logging: the behaviour the fixtures do not pin down line by line — which fix is preferred,
 * the exact replacement per library, edge cases of the edits, and that every fixed text still parses.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../server/src/engine/analyze';
import { applyEdits, fixedPathFor, listFixtures } from '../support/annotations';
import { assertParses, findingsOf, fixOnce } from '../support/rule-fixes';

const ID = 'no-file-logging';

describe('no-file-logging fixes', () => {
  const cases: { name: string; code: string; path?: string; output: string; preferred: boolean }[] = [
    {
      name: 'winston File alone keeps level and format, drops file options (preferred)',
      code: `import winston from 'winston';\nexport const log = winston.createLogger({ transports: [new winston.transports.File({ filename: 'app.log', level: 'warn', format: winston.format.json(), maxsize: 1e6 })] });\n`,
      output: `import winston from 'winston';\nexport const log = winston.createLogger({ transports: [new winston.transports.Console({ level: 'warn', format: winston.format.json() })] });\n`,
      preferred: true,
    },
    {
      name: 'winston File beside a Console transport is not preferred (lines would print twice)',
      code: `import { transports, createLogger } from 'winston';\ncreateLogger({ transports: [new transports.Console(), new transports.File({ filename: 'logs/app.log' })] });\n`,
      output: `import { transports, createLogger } from 'winston';\ncreateLogger({ transports: [new transports.Console(), new transports.Console()] });\n`,
      preferred: false,
    },
    {
      name: 'winston File with an option Console does not know is not preferred',
      code: `import winston from 'winston';\nwinston.add(new winston.transports.File({ filename: 'app.log', tailable: true, custom: 1 }));\n`,
      output: `import winston from 'winston';\nwinston.add(new winston.transports.Console());\n`,
      preferred: false,
    },
    {
      name: 'winston File with options from a constant drops them: not preferred',
      code: `import winston from 'winston';\nconst fileOpts = { filename: 'app.log' };\nwinston.add(new winston.transports.File(fileOpts));\n`,
      output: `import winston from 'winston';\nconst fileOpts = { filename: 'app.log' };\nwinston.add(new winston.transports.Console());\n`,
      preferred: false,
    },
    {
      name: 'DailyRotateFile uses the named transports import',
      code: `const { transports, createLogger } = require('winston');\nconst DailyRotateFile = require('winston-daily-rotate-file');\ncreateLogger({ transports: [new DailyRotateFile({ filename: 'app-%DATE%.log', datePattern: 'YYYY-MM-DD' })] });\n`,
      path: 'src/log.js',
      output: `const { transports, createLogger } = require('winston');\nconst DailyRotateFile = require('winston-daily-rotate-file');\ncreateLogger({ transports: [new transports.Console()] });\n`,
      preferred: true,
    },
    {
      name: 'pino.destination with only file options becomes pino.destination(1)',
      code: `import pino from 'pino';\nexport const log = pino(pino.destination({ dest: 'app.log', mkdir: true }));\n`,
      output: `import pino from 'pino';\nexport const log = pino(pino.destination(1));\n`,
      preferred: true,
    },
    {
      name: 'pino.destination keeps sync options and sets dest to 1, also as a shorthand',
      code: `import { pino, destination } from 'pino';\nconst dest = './logs/app.log';\nexport const log = pino(destination({ dest, sync: false }));\n`,
      output: `import { pino, destination } from 'pino';\nconst dest = './logs/app.log';\nexport const log = pino(destination({ dest: 1, sync: false }));\n`,
      preferred: true,
    },
    {
      name: 'pino/file target with a shorthand destination',
      code: `import pino from 'pino';\nconst destination = 'logs/app.log';\nexport const log = pino({ transport: { target: 'pino/file', options: { destination } } });\n`,
      output: `import pino from 'pino';\nconst destination = 'logs/app.log';\nexport const log = pino({ transport: { target: 'pino/file', options: { destination: 1 } } });\n`,
      preferred: true,
    },
    {
      name: 'log4js single file appender keeps its layout (preferred)',
      code: `const log4js = require('log4js');\nlog4js.configure({ appenders: { app: { type: 'file', filename: 'app.log', layout: { type: 'basic' } } }, categories: { default: { appenders: ['app'], level: 'info' } } });\n`,
      path: 'src/log.js',
      output: `const log4js = require('log4js');\nlog4js.configure({ appenders: { app: { type: 'stdout', layout: { type: 'basic' } } }, categories: { default: { appenders: ['app'], level: 'info' } } });\n`,
      preferred: true,
    },
    {
      name: 'bunyan file stream beside stdout is not preferred',
      code: `const bunyan = require('bunyan');\nbunyan.createLogger({ name: 'a', streams: [{ stream: process.stdout }, { level: 'error', path: 'err.log' }] });\n`,
      path: 'src/log.js',
      output: `const bunyan = require('bunyan');\nbunyan.createLogger({ name: 'a', streams: [{ stream: process.stdout }, { level: 'error', stream: process.stdout }] });\n`,
      preferred: false,
    },
    {
      name: 'Fastify logger file: first of several inline options',
      code: `import Fastify from 'fastify';\nFastify({ logger: { file: 'app.log', level: 'info' } });\n`,
      output: `import Fastify from 'fastify';\nFastify({ logger: { level: 'info' } });\n`,
      preferred: true,
    },
    {
      name: 'Fastify logger file: last inline option',
      code: `import Fastify from 'fastify';\nFastify({ logger: { level: 'info', file: 'app.log' } });\n`,
      output: `import Fastify from 'fastify';\nFastify({ logger: { level: 'info' } });\n`,
      preferred: true,
    },
    {
      name: 'Fastify logger file: last line without a trailing comma',
      code: `import Fastify from 'fastify';\nFastify({\n  logger: {\n    level: 'info',\n    file: 'app.log'\n  }\n});\n`,
      output: `import Fastify from 'fastify';\nFastify({\n  logger: {\n    level: 'info'\n  }\n});\n`,
      preferred: true,
    },
    {
      name: 'appendFileSync as a statement becomes process.stdout.write (not preferred)',
      code: `import fs from 'node:fs';\nexport function log(line: string) {\n  fs.appendFileSync('logs/app.log', line + '\\n');\n}\n`,
      output: `import fs from 'node:fs';\nexport function log(line: string) {\n  process.stdout.write(line + '\\n');\n}\n`,
      preferred: false,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const p = c.path ?? 'src/log.ts';
      const { fix, output } = await fixOnce(ID, c.code, p);
      assert.equal(output, c.output);
      assert.equal(!!fix.preferred, c.preferred);
    });
  }

  it('morgan with a shorthand stream property: the stream is reported where it is opened, morgan gets the fix', async () => {
    const code = `import fs from 'node:fs';\nimport morgan from 'morgan';\nconst stream = fs.createWriteStream('data.txt');\napp.use(morgan('combined', { stream }));\n`;
    const found = await findingsOf(ID, code, 'src/app.ts');
    assert.deepEqual(found.map((f) => f.range.start.line), [2, 3]);
    assert.equal(found[0].fixes.length, 0);
    const fix = found[1].fixes[0];
    assert.equal(fix.preferred, true);
    const output = applyEdits(code, fix.edits);
    assert.equal(output, `import fs from 'node:fs';\nimport morgan from 'morgan';\nconst stream = fs.createWriteStream('data.txt');\napp.use(morgan('combined', { stream: process.stdout }));\n`);
    await assertParses(output, 'src/app.ts');
  });

  it('offers no process.stdout.write fix when the result of appendFileSync is used', async () => {
    const code = `import fs from 'node:fs';\nexport const log = (s: string) => ready && fs.appendFileSync('app.log', s);\n`;
    const [f, ...rest] = await findingsOf(ID, code, 'src/log.ts');
    assert.equal(rest.length, 0);
    assert.ok(f, 'reported');
    assert.equal(f.fixes.length, 0);
  });

  it('offers no fix for DailyRotateFile when the file does not import winston', async () => {
    const code = `import DailyRotateFile from 'winston-daily-rotate-file';\nexport const t = new DailyRotateFile({ filename: 'x-%DATE%.log' });\n`;
    const found = await findingsOf(ID, code, 'src/log.ts');
    assert.equal(found.length, 1);
    assert.equal(found[0].fixes.length, 0);
  });
});

describe('no-file-logging reports', () => {
  it('reports an inline morgan file stream once, on morgan', async () => {
    const code = `import fs from 'node:fs';\nimport morgan from 'morgan';\napp.use(morgan('combined', { stream: fs.createWriteStream('access.log', { flags: 'a' }) }));\n`;
    const found = await findingsOf(ID, code, 'src/app.ts');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^morgan writes access logs to a file stream "access\.log"/);
  });

  it('says what, why and what to do, with the factor', async () => {
    const [f] = await findingsOf(ID, `import pino from 'pino';\nexport const l = pino(pino.destination('./logs/app.log'));\n`, 'src/log.ts');
    assert.match(f.message, /"\.\/logs\/app\.log"/);
    assert.match(f.message, /stdout/);
    assert.match(f.message, /\[Factor XI \(Logs\)\]$/);
    assert.equal(f.factor, 11);
  });

  it('stays quiet for writes that are not appends, and for readers', async () => {
    const code = `import fs from 'node:fs';\nfs.writeFileSync('summary.log', text);\nfs.createReadStream('access.log').pipe(process.stdout);\nfs.readFile('logs/app.log', 'utf8', cb);\n`;
    assert.deepEqual(await findingsOf(ID, code, 'src/x.ts'), []);
  });

  it('stays quiet in test files unless tests are included', async () => {
    const code = `import pino from 'pino';\nexport const l = pino(pino.destination('./test.log'));\n`;
    assert.equal((await analyze({ path: 'src/log.test.ts', text: code })).findings.length, 0);
    const included = await analyze({ path: 'src/log.test.ts', text: code }, { includeTests: true });
    assert.equal(included.findings.filter((f) => f.ruleId === ID).length, 1);
  });

  it('survives broken syntax and odd input', async () => {
    const broken = `import winston from 'winston';\nnew winston.transports.File({ filename: 'a.log',\nconst x = ;\n`;
    const r = await analyze({ path: 'src/broken.ts', text: broken });
    assert.ok(Array.isArray(r.findings));
    const deep = 'pino.destination(' + '['.repeat(2000) + ']'.repeat(2000) + ')';
    const r2 = await analyze({ path: 'src/deep.js', text: `import pino from 'pino';\n${deep};\n` });
    assert.ok(Array.isArray(r2.findings));
  });
});

describe('no-file-logging fixed fixtures', () => {
  const root = path.join(__dirname, '..', 'fixtures', 'rules', ID);
  for (const f of listFixtures(root)) {
    const fixed = fixedPathFor(f.file);
    if (!fs.existsSync(fixed)) continue;
    it(`${path.basename(fixed)} parses and leaves only the findings without a fix`, async () => {
      const text = fs.readFileSync(fixed, 'utf8');
      await assertParses(text, f.file);
      const before = await findingsOf(ID, f.text, f.enginePath);
      const after = await findingsOf(ID, text, f.enginePath);
      assert.equal(after.length, before.filter((x) => x.fixes.length === 0).length, after.map((x) => x.message).join('\n'));
      // Every single fix also parses on its own.
      for (const x of before) for (const fix of x.fixes) await assertParses(applyEdits(f.text, fix.edits), f.file);
    });
  }
});
