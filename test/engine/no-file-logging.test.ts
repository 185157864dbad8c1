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

describe('no-file-logging fixes in other languages and formats', () => {
  const cases: { name: string; code: string; path: string; output: string; preferred: boolean }[] = [
    {
      name: 'Python: a lone FileHandler becomes StreamHandler(sys.stdout), importing sys',
      path: 'app/log.py',
      code: `import logging\n\nlog = logging.getLogger(__name__)\nlog.addHandler(logging.FileHandler("app.log", mode="a"))\n`,
      output: `import sys\nimport logging\n\nlog = logging.getLogger(__name__)\nlog.addHandler(logging.StreamHandler(sys.stdout))\n`,
      preferred: true,
    },
    {
      name: 'Python: a handler imported from logging.handlers is written through logging, imported when needed',
      path: 'app/log.py',
      code: `"""Log setup."""\nimport sys\nfrom logging.handlers import RotatingFileHandler\n\nh = RotatingFileHandler("logs/app.log", maxBytes=1024)\n`,
      output: `"""Log setup."""\nimport logging\nimport sys\nfrom logging.handlers import RotatingFileHandler\n\nh = logging.StreamHandler(sys.stdout)\n`,
      preferred: true,
    },
    {
      name: 'Python: a FileHandler beside a StreamHandler is not preferred (lines would print twice)',
      path: 'app/log.py',
      code: `import logging\nimport sys\nroot = logging.getLogger()\nroot.addHandler(logging.StreamHandler(sys.stdout))\nroot.addHandler(logging.FileHandler("app.log"))\n`,
      output: `import logging\nimport sys\nroot = logging.getLogger()\nroot.addHandler(logging.StreamHandler(sys.stdout))\nroot.addHandler(logging.StreamHandler(sys.stdout))\n`,
      preferred: false,
    },
    {
      name: 'Python: basicConfig(filename=…) takes stream=sys.stdout and drops filemode',
      path: 'app/main.py',
      code: `import logging\nimport sys\n\nlogging.basicConfig(\n    filename="app.log",\n    filemode="a",\n    level=logging.INFO,\n)\n`,
      output: `import logging\nimport sys\n\nlogging.basicConfig(\n    stream=sys.stdout,\n    level=logging.INFO,\n)\n`,
      preferred: true,
    },
    {
      name: 'Python: a loguru file sink becomes sys.stdout and keeps level and format',
      path: 'app/log.py',
      code: `from loguru import logger\n\nlogger.remove()\nlogger.add("logs/app_{time}.log", rotation="1 day", level="INFO", retention=3, format="{message}")\n`,
      output: `import sys\nfrom loguru import logger\n\nlogger.remove()\nlogger.add(sys.stdout, level="INFO", format="{message}")\n`,
      preferred: true,
    },
    {
      name: 'Python: gunicorn errorlog becomes "-"',
      path: 'gunicorn.conf.py',
      code: `workers = 2\nerrorlog = "/var/log/gunicorn/error.log"\n`,
      output: `workers = 2\nerrorlog = "-"\n`,
      preferred: true,
    },
    {
      name: 'Go: a zap output path beside "stdout" is removed',
      path: 'internal/log/log.go',
      code: `package log\n\nimport "go.uber.org/zap"\n\nfunc New() (*zap.Logger, error) {\n\tcfg := zap.NewProductionConfig()\n\tcfg.OutputPaths = []string{"stdout", "/var/log/app.log"}\n\treturn cfg.Build()\n}\n`,
      output: `package log\n\nimport "go.uber.org/zap"\n\nfunc New() (*zap.Logger, error) {\n\tcfg := zap.NewProductionConfig()\n\tcfg.OutputPaths = []string{"stdout"}\n\treturn cfg.Build()\n}\n`,
      preferred: true,
    },
    {
      name: 'Go: a lone zap error output file becomes "stderr"',
      path: 'internal/log/log.go',
      code: `package log\n\nimport "go.uber.org/zap"\n\nvar cfg = zap.Config{ErrorOutputPaths: []string{"logs/zap-errors.log"}}\n`,
      output: `package log\n\nimport "go.uber.org/zap"\n\nvar cfg = zap.Config{ErrorOutputPaths: []string{"stderr"}}\n`,
      preferred: true,
    },
    {
      name: 'Ruby: Logger.new on a file takes $stdout, keeps keywords and drops rotation arguments',
      path: 'config/initializers/logger.rb',
      code: `Rails.logger = Logger.new("log/app.log", "daily", level: :info)\n`,
      output: `Rails.logger = Logger.new($stdout, level: :info)\n`,
      preferred: true,
    },
    {
      name: 'Ruby: $stderr.reopen on a file is removed',
      path: 'lib/worker.rb',
      code: `class Worker\n  def start\n    $stderr.reopen("log/worker.err", "a")\n    run\n  end\nend\n`,
      output: `class Worker\n  def start\n    run\n  end\nend\n`,
      preferred: true,
    },
    {
      name: 'C#: Serilog File with a formatter becomes Console with the formatter',
      path: 'src/Api/Program.cs',
      code: `using Serilog;\nusing Serilog.Formatting.Compact;\n\nLog.Logger = new LoggerConfiguration().WriteTo.File(new CompactJsonFormatter(), "logs/app.json", rollingInterval: RollingInterval.Day).CreateLogger();\n`,
      output: `using Serilog;\nusing Serilog.Formatting.Compact;\n\nLog.Logger = new LoggerConfiguration().WriteTo.Console(new CompactJsonFormatter()).CreateLogger();\n`,
      preferred: true,
    },
    {
      name: 'C#: a Serilog File sink in a chain that already writes to the console is removed',
      path: 'src/Api/Program.cs',
      code: `using Serilog;\n\nLog.Logger = new LoggerConfiguration()\n    .WriteTo.Console()\n    .WriteTo.File("logs/app.txt")\n    .CreateLogger();\n`,
      output: `using Serilog;\n\nLog.Logger = new LoggerConfiguration()\n    .WriteTo.Console()\n    .CreateLogger();\n`,
      preferred: true,
    },
    {
      name: 'PHP: RotatingFileHandler becomes a fully qualified StreamHandler on php://stdout, keeping the level',
      path: 'src/logging.php',
      code: `<?php\nuse Monolog\\Handler\\RotatingFileHandler;\nuse Monolog\\Logger;\n\n$log = new Logger('app');\n$log->pushHandler(new RotatingFileHandler('/var/log/app.log', 7, Logger::WARNING));\n`,
      output: `<?php\nuse Monolog\\Handler\\RotatingFileHandler;\nuse Monolog\\Logger;\n\n$log = new Logger('app');\n$log->pushHandler(new \\Monolog\\Handler\\StreamHandler('php://stdout', Logger::WARNING));\n`,
      preferred: true,
    },
    {
      name: "PHP: error_log(…, 3, file) writes to php://stderr",
      path: 'src/cart.php',
      code: `<?php\nfunction note(string $m): void {\n    error_log($m . PHP_EOL, 3, __DIR__ . '/logs/cart.log');\n}\n`,
      output: `<?php\nfunction note(string $m): void {\n    error_log($m . PHP_EOL, 3, 'php://stderr');\n}\n`,
      preferred: true,
    },
    {
      name: 'Spring properties: logging.file.name is removed',
      path: 'src/main/resources/application.properties',
      code: `spring.application.name=orders\nlogging.file.name=logs/orders.log\nlogging.level.root=INFO\n`,
      output: `spring.application.name=orders\nlogging.level.root=INFO\n`,
      preferred: true,
    },
    {
      name: 'Spring YAML: a mapping left empty goes with the setting',
      path: 'src/main/resources/application.yml',
      code: `server:\n  port: \${PORT:8080}\nlogging:\n  file:\n    path: /var/log/orders # where ops look\n`,
      output: `server:\n  port: \${PORT:8080}\n`,
      preferred: true,
    },
    {
      name: 'Procfile: the redirect is removed, the descriptor with it',
      path: 'Procfile',
      code: `web: node server.js 2> logs/err.log\n`,
      output: `web: node server.js\n`,
      preferred: true,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { fix, output } = await fixOnce(ID, c.code, c.path);
      assert.equal(output, c.output);
      assert.equal(!!fix.preferred, c.preferred);
    });
  }

  it('offers guidance only where no replacement is always right', async () => {
    const cases: [string, string][] = [
      ['app/settings.py', `LOGGING = {"handlers": {"f": {"class": "logging.FileHandler", "filename": "app.log"}}}\n`],
      ['cmd/app/main.go', `package main\n\nimport (\n\t"log"\n\t"os"\n)\n\nfunc main() {\n\tf, _ := os.OpenFile("app.log", os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)\n\tlog.SetOutput(f)\n}\n`],
      ['src/main/java/App.java', `import java.util.logging.FileHandler;\nclass App { static void init() throws Exception { java.util.logging.Logger.getLogger("").addHandler(new FileHandler("app.log")); } }\n`],
      ['src/logging.php', `<?php\nuse Illuminate\\Support\\Facades\\Log;\nLog::build(['driver' => 'daily', 'path' => storage_path('logs/x.log')]);\n`],
      ['src/main/resources/logback.xml', `<configuration>\n  <appender name="F" class="ch.qos.logback.core.FileAppender"><file>app.log</file></appender>\n</configuration>\n`],
    ];
    for (const [p, code] of cases) {
      const found = await findingsOf(ID, code, p);
      assert.equal(found.length, 1, `${p}: ${found.map((f) => f.message).join(' | ')}`);
      assert.equal(found[0].fixes.length, 0, p);
      assert.match(found[0].message, /stdout|console|Console|stderr/, p);
      assert.match(found[0].message, /\[Factor XI \(Logs\)\]$/);
    }
  });
});

describe('no-file-logging reports in other languages and formats', () => {
  it('stays quiet for the standard streams in every language', async () => {
    const cases: [string, string][] = [
      ['app/log.py', `import logging, sys\nlogging.basicConfig(stream=sys.stdout)\nlogging.getLogger().addHandler(logging.StreamHandler())\n`],
      ['main.go', `package main\n\nimport (\n\t"log"\n\t"os"\n)\n\nfunc main() { log.SetOutput(os.Stderr); f, _ := os.OpenFile("/dev/stdout", os.O_WRONLY, 0); log.SetOutput(f) }\n`],
      ['config/environments/production.rb', `config.logger = ActiveSupport::TaggedLogging.new(ActiveSupport::Logger.new(STDOUT))\n`],
      ['Program.cs', `using Serilog;\nLog.Logger = new LoggerConfiguration().WriteTo.Console().CreateLogger();\n`],
      ['index.php', `<?php\nuse Monolog\\Handler\\StreamHandler;\n$h = new StreamHandler('php://stderr');\nini_set('error_log', 'syslog');\n`],
      ['Dockerfile', `FROM alpine\nCMD ./worker > /proc/1/fd/1 2>&1\n`],
      ['config/logging.php', `<?php\nreturn ['channels' => ['stderr' => ['driver' => 'monolog', 'with' => ['stream' => 'php://stderr']]]];\n`],
    ];
    for (const [p, code] of cases) assert.deepEqual((await findingsOf(ID, code, p)).map((f) => f.message), [], p);
  });

  it('reports a Laravel file channel without a path at its driver (the default file)', async () => {
    const code = `<?php\nreturn [\n    'channels' => [\n        'single' => ['driver' => 'single'],\n    ],\n];\n`;
    const found = await findingsOf(ID, code, 'config/logging.php');
    assert.deepEqual(found.map((f) => f.range.start.line), [3]);
    assert.match(found[0].message, /storage\/logs\/laravel\.log/);
  });

  it('reports a construct once, at its outermost part', async () => {
    const code = `import java.io.*;\nclass A { static void r() throws IOException { System.setOut(new PrintStream(new FileOutputStream("logs/out.log", true))); } }\n`;
    const found = await findingsOf(ID, code, 'src/main/java/A.java');
    assert.equal(found.length, 1);
    assert.match(found[0].message, /^System\.setOut\(\) redirects the process's stdout to a file/);
  });

  it('survives broken syntax in every language', async () => {
    const cases: [string, string][] = [
      ['a.py', `import logging\nlogging.FileHandler("a.log"\ndef (:\n`],
      ['a.go', `package main\nfunc main() { os.OpenFile("a.log", os.O_APPEND\n`],
      ['A.java', `class A { void f() { new java.util.logging.FileHandler("a.log" } `],
      ['a.rb', `Logger.new("log/a.log"\ndef (\n`],
      ['A.cs', `using Serilog; new LoggerConfiguration().WriteTo.File("a.log"`],
      ['a.php', `<?php new \\Monolog\\Handler\\StreamHandler('a.log'`],
      ['src/main/resources/application.yml', `logging:\n  file: [name: {\n`],
      ['src/main/resources/logback.xml', `<configuration><appender class="ch.qos.logback.core.FileAppender">`],
    ];
    for (const [p, code] of cases) {
      const r = await analyze({ path: p, text: code });
      assert.ok(Array.isArray(r.findings), p);
    }
  });
});
