/**
 * The engine at the limits, in every language and format it reads: a 3 MB file (skipped with a
 * notice under the default size limit, analysed or skipped without a crash above it), binary content
 * (skipped with a notice), 10,000 nested brackets and 5,000 constants each defined by the previous
 * one (no stack overflow: such input once exhausted the stack while a constant was resolved).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/engine/analyze';
import { languageFor } from '../../server/src/engine/languages';
import { checkedAnalyze } from './robustness-checks';

const MB = 1024 * 1024;
const LARGE = 3 * MB;
const NESTING = 10_000;
const CHAIN = 5_000;

interface Lang {
  /** The language or format `languageFor` must pick for `path`. */
  spec: string;
  path: string;
  /** A file of about `bytes` characters of ordinary content. */
  large(bytes: number): string;
  /** Files nesting `depth` brackets, parentheses, calls or elements. */
  nested(depth: number): { name: string; text: string }[];
  /** A file of `n` constants (settings, variables) each defined by the previous one, the last one used. */
  chain?(n: number): string;
}

/** `head`, then `line(i)` until about `bytes` characters, then `tail`. */
function fill(bytes: number, line: (i: number) => string, head = '', tail = ''): string {
  const out = [head];
  let n = head.length + tail.length;
  for (let i = 0; n < bytes; i++) {
    const l = line(i);
    out.push(l);
    n += l.length + 1;
  }
  out.push(tail);
  return out.join('\n');
}

const open = (s: string, n: number) => s.repeat(n);

/** The same expression nestings in every language with C-like expressions. */
function expressions(prefix: string, suffix: string, depth: number): { name: string; text: string }[] {
  return [
    { name: 'parentheses', text: `${prefix}(${open('(', depth)}1${open(')', depth)})${suffix}` },
    { name: 'calls', text: `${prefix}${open('f(', depth)}"redis://cache:6379"${open(')', depth)}${suffix}` },
    { name: 'unclosed', text: `${prefix}${open('([{', depth)}${suffix}` },
  ];
}

const LANGS: Lang[] = [
  {
    spec: 'javascript',
    path: 'src/server.js',
    large: (b) => fill(b, (i) => `const route${i} = { host: "db${i}.internal", port: ${i % 60000}, key: "k${i}" }; app.get("/r${i}", (req, res) => res.send(route${i}.host));`),
    nested: (d) => [
      ...expressions('const x = ', ';\n', d),
      { name: 'arrays', text: `const x = ${open('[', d)}1${open(']', d)};\n` },
      { name: 'objects', text: `const x = ${open('{a:', d)}"postgres://u:p4ssw0rd@db/x"${open('}', d)};\n` },
      { name: 'functions', text: `${open('function f() {', d)}app.listen(3000);${open('}', d)}\n` },
    ],
    chain: (n) => `const a0 = 3000;\n${Array.from({ length: n }, (_, i) => `const a${i + 1} = a${i};`).join('\n')}\napp.listen(a${n});\n`,
  },
  {
    spec: 'typescript',
    path: 'src/server.ts',
    large: (b) => fill(b, (i) => `export const route${i}: Route = { host: "db${i}.internal", port: ${i % 60000} }; app.get("/r${i}", (req: Req, res: Res) => res.send(route${i}.host));`),
    nested: (d) => [...expressions('const x: number = ', ';\n', d), { name: 'generics', text: `let x: ${open('A<', d)}B${open('>', d)};\n` }],
    chain: (n) => `const a0: number = 3000;\n${Array.from({ length: n }, (_, i) => `const a${i + 1}: number = a${i};`).join('\n')}\napp.listen(a${n});\n`,
  },
  {
    spec: 'tsx',
    path: 'src/App.tsx',
    large: (b) => fill(b, (i) => `export const Item${i} = () => <div className="row-${i}"><a href="http://api${i}.internal:8080/x">{label${i}}</a></div>;`),
    nested: (d) => [...expressions('const x = ', ';\n', d), { name: 'elements', text: `const x = ${open('<div>', d)}hi${open('</div>', d)};\n` }],
  },
  {
    spec: 'python',
    path: 'app/main.py',
    large: (b) => fill(b, (i) => `ROUTE_${i} = {"host": "db${i}.internal", "port": ${i % 60000}}\ndef handler_${i}(request):\n    return ROUTE_${i}["host"]`),
    nested: (d) => [
      ...expressions('x = ', '\n', d),
      { name: 'lists', text: `x = ${open('[', d)}1${open(']', d)}\n` },
      { name: 'dicts', text: `x = ${open('{"a": ', d)}"postgres://u:p4ssw0rd@db/x"${open('}', d)}\n` },
    ],
    chain: (n) => `a0 = 8000\n${Array.from({ length: n }, (_, i) => `a${i + 1} = a${i}`).join('\n')}\napp.run(host="0.0.0.0", port=a${n})\n`,
  },
  {
    spec: 'go',
    path: 'cmd/server/main.go',
    large: (b) => fill(b, (i) => `func handler${i}(w http.ResponseWriter, r *http.Request) {\n\tfmt.Fprintf(w, "db${i}.internal:%d", ${i % 60000})\n}`, 'package main\n\nimport (\n\t"fmt"\n\t"net/http"\n)\n'),
    nested: (d) => expressions('package main\n\nfunc main() {\n\tx := ', '\n\t_ = x\n}\n', d),
    chain: (n) => `package main\n\nconst a0 = ":8080"\n${Array.from({ length: n }, (_, i) => `const a${i + 1} = a${i}`).join('\n')}\n\nfunc main() {\n\thttp.ListenAndServe(a${n}, nil)\n}\n`,
  },
  {
    spec: 'java',
    path: 'src/main/java/com/example/App.java',
    large: (b) => fill(b, (i) => `    static final String HOST_${i} = "db${i}.internal"; int port${i}() { return ${i % 60000}; }`, 'package com.example;\n\npublic class App {', '}\n'),
    nested: (d) => expressions('class App {\n  Object x = ', ';\n}\n', d),
    chain: (n) => `class App {\n  static final int A0 = 8080;\n${Array.from({ length: n }, (_, i) => `  static final int A${i + 1} = A${i};`).join('\n')}\n  void run() { server.setPort(A${n}); }\n}\n`,
  },
  {
    spec: 'ruby',
    path: 'app/server.rb',
    large: (b) => fill(b, (i) => `ROUTE_${i} = { host: "db${i}.internal", port: ${i % 60000} }\ndef handler_${i}(req) = ROUTE_${i}[:host]`),
    nested: (d) => [...expressions('x = ', '\n', d), { name: 'blocks', text: `${open('foo do\n', d)}set :port, 4567\n${open('end\n', d)}` }],
    chain: (n) => `A0 = 4567\n${Array.from({ length: n }, (_, i) => `A${i + 1} = A${i}`).join('\n')}\nset :port, A${n}\n`,
  },
  {
    spec: 'csharp',
    path: 'src/Api/Program.cs',
    large: (b) => fill(b, (i) => `    public const string Host${i} = "db${i}.internal"; public int Port${i}() => ${i % 60000};`, 'namespace Api;\n\npublic static class Settings\n{', '}\n'),
    nested: (d) => expressions('class App {\n  object x = ', ';\n}\n', d),
    chain: (n) => `class App {\n  const string A0 = "http://0.0.0.0:5000";\n${Array.from({ length: n }, (_, i) => `  const string A${i + 1} = A${i};`).join('\n')}\n  void Run(WebApplication app) { app.Run(A${n}); }\n}\n`,
  },
  {
    spec: 'php',
    path: 'public/index.php',
    large: (b) => fill(b, (i) => `$route${i} = ['host' => 'db${i}.internal', 'port' => ${i % 60000}]; function handler${i}() { return 'ok${i}'; }`, '<?php'),
    nested: (d) => [...expressions('<?php\n$x = ', ';\n', d), { name: 'arrays', text: `<?php\n$x = ${open("['a' => ", d)}'redis://cache:6379'${open(']', d)};\n` }],
    chain: (n) => `<?php\nconst A0 = 8000;\n${Array.from({ length: n }, (_, i) => `const A${i + 1} = A${i};`).join('\n')}\n$server->listen(A${n});\n`,
  },
  {
    spec: 'dockerfile',
    path: 'Dockerfile',
    large: (b) => fill(b, (i) => `RUN echo "step ${i}" && curl -fsS http://mirror${i}.internal:8080/pkg-${i}.tgz -o /tmp/p${i}.tgz`, 'FROM node:20-alpine', 'CMD ["node", "server.js"]\n'),
    nested: (d) => [
      { name: 'exec form', text: `FROM node:20\nCMD ${open('[', d)}"node"${open(']', d)}\n` },
      { name: 'shell substitutions', text: `FROM node:20\nRUN echo ${open('$(', d)}x${open(')', d)}\n` },
      { name: 'variable defaults', text: `FROM node:20\nENV PORT=${open('${A:-', d)}3000${open('}', d)}\n` },
    ],
    chain: (n) => `FROM node:20\nARG A0=3000\n${Array.from({ length: n }, (_, i) => `ENV A${i + 1}=\${A${i}}`).join('\n')}\nEXPOSE \${A${n}}\nCMD node server.js --port \${A${n}}\n`,
  },
  {
    spec: 'compose',
    path: 'docker-compose.yml',
    large: (b) => fill(b, (i) => `  svc${i}:\n    image: app:${i}\n    ports: ["${8000 + (i % 1000)}:8080"]\n    environment:\n      DATABASE_URL: postgres://app:pw${i}@db/app`, 'services:'),
    nested: (d) => yamlNestings('services:\n  web:\n    image: x\n    environment:\n      A: ', d),
  },
  {
    spec: 'kubernetes',
    path: 'k8s/deployment.yaml',
    large: (b) => fill(b, (i) => `        - name: VAR_${i}\n          value: "db${i}.internal:${i % 60000}"`, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers:\n      - name: api\n        image: api:1\n        env:'),
    nested: (d) => yamlNestings('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  a: ', d),
  },
  {
    spec: 'properties',
    path: 'src/main/resources/application.properties',
    large: (b) => fill(b, (i) => `app.service${i}.url=http://svc${i}.internal:${8000 + (i % 1000)}/api\napp.service${i}.password=pw-${i}-value`),
    nested: (d) => [
      { name: 'placeholders', text: `server.port=${open('${A:', d)}8080${open('}', d)}\n` },
      { name: 'unclosed placeholders', text: `server.port=${open('${A:', d)}8080\n` },
    ],
    chain: (n) => `a0=8080\n${Array.from({ length: n }, (_, i) => `a${i + 1}=\${a${i}}`).join('\n')}\nserver.port=\${a${n}}\n`,
  },
  {
    spec: 'spring-yaml',
    path: 'src/main/resources/application.yml',
    large: (b) => fill(b, (i) => `  service${i}:\n    url: http://svc${i}.internal:${8000 + (i % 1000)}/api`, 'app:'),
    nested: (d) => [...yamlNestings('server:\n  port: ', d), { name: 'placeholders', text: `server:\n  port: ${open('${A:', d)}8080${open('}', d)}\n` }],
    chain: (n) => `a0: 8080\n${Array.from({ length: n }, (_, i) => `a${i + 1}: \${a${i}}`).join('\n')}\nserver:\n  port: \${a${n}}\n`,
  },
  {
    spec: 'appsettings',
    path: 'src/Api/appsettings.json',
    large: (b) => fill(b, (i) => `  "Service${i}": { "Url": "http://svc${i}.internal:${8000 + (i % 1000)}", "Password": "pw-${i}-value" },`, '{', '  "Last": 1\n}\n'),
    nested: (d) => [
      { name: 'arrays', text: `{"Kestrel": ${open('[', d)}1${open(']', d)}}\n` },
      { name: 'objects', text: `${open('{"a": ', d)}"Server=db;Password=p4ssw0rd!"${open('}', d)}\n` },
      { name: 'unclosed', text: `${open('{"a": [', d)}\n` },
    ],
  },
  {
    spec: 'dotenv',
    path: '.env',
    large: (b) => fill(b, (i) => `SERVICE_${i}_URL=http://svc${i}.internal:${8000 + (i % 1000)}/api`),
    nested: (d) => [
      { name: 'expansions', text: `PORT=${open('${A:-', d)}3000${open('}', d)}\n` },
      { name: 'quotes', text: `PORT="${open('$(', d)}x${open(')', d)}"\n` },
    ],
    chain: (n) => `A0=3000\n${Array.from({ length: n }, (_, i) => `A${i + 1}=\${A${i}}`).join('\n')}\nPORT=\${A${n}}\n`,
  },
  {
    spec: 'procfile',
    path: 'Procfile',
    large: (b) => fill(b, (i) => `worker${i}: node worker.js --queue q${i} --port ${8000 + (i % 1000)}`),
    nested: (d) => [
      { name: 'substitutions', text: `web: node server.js --port ${open('$(', d)}x${open(')', d)}\n` },
      { name: 'expansions', text: `web: node server.js --port ${open('${A:-', d)}3000${open('}', d)}\n` },
      { name: 'quotes', text: `web: node ${open('"$(\'', d)}\n` },
    ],
  },
  {
    spec: 'logback',
    path: 'src/main/resources/logback.xml',
    large: (b) => fill(b, (i) => `  <appender name="F${i}" class="ch.qos.logback.core.FileAppender"><file>/var/log/app-${i}.log</file></appender>`, '<configuration>', '</configuration>\n'),
    nested: (d) => xmlNestings('<configuration>', '</configuration>\n', d),
  },
  {
    spec: 'log4j2',
    path: 'src/main/resources/log4j2.xml',
    large: (b) => fill(b, (i) => `    <File name="F${i}" fileName="/var/log/app-${i}.log"><PatternLayout pattern="%m%n"/></File>`, '<Configuration>\n  <Appenders>', '  </Appenders>\n</Configuration>\n'),
    nested: (d) => xmlNestings('<Configuration>', '</Configuration>\n', d),
  },
  {
    spec: 'web-config',
    path: 'web.config',
    large: (b) => fill(b, (i) => `    <add key="Service${i}" value="http://svc${i}.internal:${8000 + (i % 1000)}" />`, '<configuration>\n  <appSettings>', '  </appSettings>\n</configuration>\n'),
    nested: (d) => xmlNestings('<configuration>', '</configuration>\n', d),
  },
];

function yamlNestings(prefix: string, depth: number): { name: string; text: string }[] {
  return [
    { name: 'flow sequences', text: `${prefix}${open('[', depth)}1${open(']', depth)}\n` },
    { name: 'flow mappings', text: `${prefix}${open('{a: ', depth)}redis://cache:6379${open('}', depth)}\n` },
    { name: 'unclosed', text: `${prefix}${open('[{', depth)}\n` },
  ];
}

function xmlNestings(head: string, tail: string, depth: number): { name: string; text: string }[] {
  return [
    { name: 'elements', text: `${head}${open('<a>', depth)}x${open('</a>', depth)}${tail}` },
    { name: 'unclosed elements', text: `${head}${open('<a><b x="', depth)}` },
  ];
}

const OPTIONS = { includeTests: true, gitIgnored: false };

describe('robustness limits: the generated inputs are read as intended', () => {
  for (const l of LANGS) {
    it(`${l.path} is ${l.spec}`, () => {
      const text = l.large(2048);
      assert.equal(languageFor(l.path, undefined, text)?.id, l.spec);
    });
  }
});

describe('robustness limits: a 3 MB file', () => {
  for (const l of LANGS) {
    it(`${l.spec}: skipped with a notice under the default limit`, async () => {
      const text = l.large(LARGE);
      assert.ok(text.length >= LARGE && text.length > DEFAULT_MAX_FILE_SIZE);
      const r = await checkedAnalyze({ path: l.path, text }, OPTIONS, `${l.path} (3 MB)`);
      assert.equal(r.skipped?.reason, 'too-large');
      assert.match(r.skipped.message, /\d+ KB, above the \d+ KB limit/);
      assert.equal(r.findings.length, 0);
    });
  }
});

describe('robustness limits: binary content', () => {
  const png = '\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0\\r\xa8f';
  for (const l of LANGS) {
    it(`${l.spec}: skipped with a notice`, async () => {
      const text = png + l.large(4096);
      const r = await checkedAnalyze({ path: l.path, text }, OPTIONS, `${l.path} (binary)`);
      // A manifest is known by its content: with binary bytes before it, the file is not one.
      assert.equal(r.skipped?.reason, l.spec === 'kubernetes' ? 'unsupported' : 'binary');
      assert.ok(r.skipped.message.length > 0);
      assert.equal(r.findings.length, 0);
    });
  }
});

describe(`robustness limits: ${NESTING} nested brackets`, () => {
  for (const l of LANGS) {
    it(`${l.spec}: no stack overflow`, async () => {
      for (const n of l.nested(NESTING)) {
        // A hang guard, not a benchmark: deep trees take a while to walk on a busy machine.
        await checkedAnalyze({ path: l.path, text: n.text }, OPTIONS, `${l.path} (${n.name})`, 10_000);
      }
    });
  }
});

describe(`robustness limits: ${CHAIN} constants, each defined by the previous one`, () => {
  for (const l of LANGS) {
    if (!l.chain) continue;
    it(`${l.spec}: no stack overflow`, async () => {
      await checkedAnalyze({ path: l.path, text: l.chain!(CHAIN) }, OPTIONS, `${l.path} (constant chain)`, 10_000);
    });
  }
});
