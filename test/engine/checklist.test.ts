/**
 * The twelve project checks on fixture projects (test/fixtures/projects/<name>/expect.json gives the
 * expected status and a part of the reason per factor, and evidence that must be listed).
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildChecklist, checklistScore } from '../../server/src/engine/project/checklist';
import { markdownReport } from '../../server/src/engine/project/report';
import { parseProjectConfig, parseFactorKey } from '../../server/src/engine/project/config';
import { loadFixtureProject } from '../support/project';
import { analyzeForProject } from '../../server/src/engine/project/scan';
import { createProjectInput } from '../../server/src/engine/project/input';
import type { ChecklistEntry, FileResult } from '../../server/src/engine/project/types';
import { parseToml } from '../../server/src/engine/project/ecosystem/toml';
import { lexDsl } from '../../server/src/engine/project/ecosystem/dsl-lexer';
import { buildStep, daemonizes, migrationStep, programOf, serverOf, splitCommandLine } from '../../server/src/engine/project/ecosystem/commands';
import { parseRequirement } from '../../server/src/engine/project/ecosystem/manifests';

const ROOT = path.join(__dirname, '..', 'fixtures', 'projects');

interface Expect {
  git: boolean;
  factors: Record<string, { status: string; reason?: string }>;
  evidence?: { factor: number; file: string; line?: number; note: string }[];
}

describe('checklist on fixture projects', () => {
  for (const name of fs.readdirSync(ROOT).sort()) {
    const expect: Expect = JSON.parse(fs.readFileSync(path.join(ROOT, name, 'expect.json'), 'utf8'));
    it(name, async () => {
      const { input, problems } = await loadFixtureProject(path.join(ROOT, name), expect.git);
      assert.deepEqual(problems, []);
      const list = buildChecklist(input);
      assert.equal(list.length, 12);
      assert.deepEqual(list.map((e) => e.factor), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
      for (const [factor, want] of Object.entries(expect.factors)) {
        const e = list[Number(factor) - 1];
        assert.equal(e.status, want.status, `factor ${factor} (${e.title}): ${e.reason}\n${JSON.stringify(e.evidence, null, 1)}`);
        if (want.reason) assert.ok(e.reason.includes(want.reason), `factor ${factor} reason "${e.reason}" should include "${want.reason}"`);
      }
      for (const ev of expect.evidence ?? []) {
        const e = list[ev.factor - 1];
        const hit = e.evidence.find((x) => x.file === ev.file && x.note.includes(ev.note) && (ev.line === undefined || x.line === ev.line));
        assert.ok(hit, `factor ${ev.factor} lists ${ev.file}${ev.line ? ':' + ev.line : ''} "${ev.note}"; has ${JSON.stringify(e.evidence)}`);
      }
    });
  }
});

describe('project file', () => {
  it('parses rules, excludes and sign-offs keyed by number, numeral or title', () => {
    const { config, problems } = parseProjectConfig('{ "rules": {"no-fixed-port": "off"}, "exclude": ["scripts/**"], "signOff": {"X": {"note": "ok"}, "12": "n/a here", "logs": {"note": "stdout"}} }', ['no-fixed-port']);
    assert.deepEqual(problems, []);
    assert.equal(config.rules['no-fixed-port'], 'off');
    assert.deepEqual(config.exclude, ['scripts/**']);
    assert.equal(config.signOff[10]?.note, 'ok');
    assert.equal(config.signOff[12]?.note, 'n/a here');
    assert.equal(config.signOff[11]?.note, 'stdout');
  });
  it('bad JSON gives a clear message and the defaults, never a throw', () => {
    const { config, problems } = parseProjectConfig('{ "rules": { "no-fixed-port": "off", }\n  "oops" ');
    assert.equal(problems.length, 1);
    assert.match(problems[0], /\.twelve-factor\.json: .* at line \d+; using the defaults/);
    assert.deepEqual(config.rules, {});
  });
  it('wrong types and unknown keys are reported one by one', () => {
    const { config, problems } = parseProjectConfig('{"rules": {"no-fixed-port": "loud", "nope": "off"}, "exclude": "x", "signOff": {"XIII": "x", "3": {}}, "extra": 1}', ['no-fixed-port']);
    assert.equal(problems.length, 6, problems.join('\n'));
    assert.deepEqual(config.rules, {});
    assert.deepEqual(config.signOff, {});
  });
  it('factor keys', () => {
    assert.equal(parseFactorKey('VII'), 7);
    assert.equal(parseFactorKey('port binding'), 7);
    assert.equal(parseFactorKey('13'), undefined);
  });
});

describe('markdown report', () => {
  it('has a row per factor, the score, and findings with locations', async () => {
    const { input } = await loadFixtureProject(path.join(ROOT, 'troubled-app'), false);
    const list = buildChecklist(input);
    const md = markdownReport(list, { project: 'troubled-app' });
    assert.match(md, /^# Twelve-Factor report: troubled-app/);
    const { passing } = checklistScore(list);
    assert.ok(md.includes(`**${passing}/12**`));
    assert.equal(md.split('\n').filter((l) => /^\| \[[IVX]+\. /.test(l)).length, 12);
    assert.ok(md.includes('`src/server.js:27`'));
    // The committed .env holds a password: it must not appear in the report.
    assert.ok(!md.includes('Pr0dPassw0rd'));
    assert.ok(!md.includes('a8f5f167f44f4964e6c998dee827110c'));
  });
});

describe('project file schema', () => {
  it('lists exactly the registered rules', async () => {
    const { RULES } = await import('../../server/src/engine/rules');
    const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'schemas', 'twelve-factor.schema.json'), 'utf8'));
    assert.deepEqual([...schema.properties.rules.propertyNames.enum].sort(), RULES.map((r) => r.meta.id).sort());
  });
});

describe('check meta', () => {
  it('one check per factor, each with its docs page', async () => {
    const { CHECKS } = await import('../../server/src/engine/project/checks');
    assert.deepEqual(CHECKS.map((c) => c.meta.factor), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const c of CHECKS) {
      const doc = path.join(__dirname, '..', '..', 'docs', 'checks', `${c.meta.id}.md`);
      assert.ok(fs.existsSync(doc), `docs/checks/${c.meta.id}.md`);
      const text = fs.readFileSync(doc, 'utf8');
      for (const h of ['## What it checks', '## Statuses', '## What to do']) assert.ok(text.includes(h), `${c.meta.id}.md has ${h}`);
      const file = path.join(__dirname, '..', '..', 'server', 'src', 'engine', 'project', 'checks', `${c.meta.id}.ts`);
      assert.ok(fs.existsSync(file), `checks/${c.meta.id}.ts`);
    }
  });
});

/** A project held in memory: every file analysed as a host would, then the checklist. */
async function checklistOf(files: Record<string, string>, hasGit = true): Promise<ChecklistEntry[]> {
  const results = new Map<string, FileResult>();
  for (const [path, text] of Object.entries(files)) {
    const a = await analyzeForProject({ path, text });
    if (!a.skipped || a.skipped.reason === 'test-file') results.set(path, { findings: a.findings, summary: a.summary });
  }
  const list = Object.keys(files).sort();
  return buildChecklist(createProjectInput({ files: list, read: (p) => files[p], hasGit, results }));
}

function entry(list: ChecklistEntry[], factor: number): ChecklistEntry {
  return list[factor - 1];
}

function notes(e: ChecklistEntry, kind?: 'finding' | 'support' | 'info'): string {
  return e.evidence.filter((x) => !kind || x.kind === kind).map((x) => `${x.file}${x.line ? ':' + x.line : ''} ${x.note}`).join('\n');
}

describe('TOML reader', () => {
  it('reads the TOML of pyproject.toml, Pipfile and lockfiles', () => {
    const r = parseToml([
      '# comment',
      '[project]',
      'name = "shop"  # trailing comment',
      'dependencies = [',
      '  "flask>=3",   # web',
      "  'redis==5.0.8',",
      ']',
      'optional-dependencies.dev = ["pytest"]',
      '[tool.poetry.dependencies]',
      'python = "^3.12"',
      'requests = { version = "^2.32", extras = ["socks"] }',
      '[[package]]',
      'name = "a"',
      'version = 1_000',
      '[[package]]',
      'name = "b"',
      'released = 2024-09-01T12:00:00Z',
      'ratio = 0.5',
      'flag = true',
      'text = """',
      'two \\',
      '   lines"""',
      "raw = '''C:\\path'''",
      'esc = "tab\\tquote\\" \\u00e9"',
    ].join('\n'));
    assert.ok(r.ok, r.ok ? '' : `${r.error} at ${r.line}`);
    if (!r.ok) return;
    const v = r.value as Record<string, any>;
    assert.deepEqual(v.project.dependencies, ['flask>=3', 'redis==5.0.8']);
    assert.deepEqual(v.project['optional-dependencies'].dev, ['pytest']);
    assert.deepEqual(v.tool.poetry.dependencies.requests, { version: '^2.32', extras: ['socks'] });
    assert.deepEqual(v.package.map((p: { name: string }) => p.name), ['a', 'b']);
    assert.equal(v.package[0].version, 1000);
    assert.equal(v.package[1].released, '2024-09-01T12:00:00Z');
    assert.equal(v.package[1].ratio, 0.5);
    assert.equal(v.package[1].flag, true);
    assert.equal(v.package[1].text, 'two lines');
    assert.equal(v.package[1].raw, 'C:\\path');
    assert.equal(v.package[1].esc, 'tab\tquote" é');
  });
  it('gives the error and its line, never a throw', () => {
    const cases: [string, RegExp, number][] = [
      ['[project]\nname = "shop\n', /unclosed string/, 2],
      ['a = 1\na = 2\n', /defined twice/, 2],
      ['[tool]\nname "x"\n', /expected "="/, 2],
      ['deps = [\n  "a",\n  b\n]\n', /not a TOML value/, 3],
      ['x = [1, 2\n', /unclosed array/, 1],
      ['[a]\n[a]\n', /defined twice/, 2],
      ['t = { a = 1\n', /unclosed inline table/, 1],
      ['x = "\\q"\n', /unknown escape/, 1],
    ];
    for (const [text, message, line] of cases) {
      const r = parseToml(text);
      assert.equal(r.ok, false, text);
      if (r.ok) continue;
      assert.match(r.error, message, text);
      assert.equal(r.line, line, `${text}: ${r.error}`);
    }
  });
});

describe('build DSL lexer', () => {
  it('reads Gemfile tokens: strings, symbols, labels, %i lists, comments', () => {
    const { tokens, error } = lexDsl('gem "pg", "~> 1.5" # db\ngem "debug", platforms: %i[mri windows], group: :test\n', 'ruby');
    assert.equal(error, undefined);
    assert.deepEqual(tokens.filter((t) => t.kind !== 'end' && t.kind !== 'punct').map((t) => ('value' in t ? `${t.kind}:${t.value}` : `words:${t.values.join(' ')}`)), [
      'ident:gem', 'string:pg', 'string:~> 1.5', 'ident:gem', 'string:debug', 'label:platforms', 'words:mri windows', 'label:group', 'symbol:test',
    ]);
  });
  it('reads Gradle strings (Groovy and Kotlin), skips comments, reports an unclosed string', () => {
    const { tokens } = lexDsl('// c\nimplementation("org.x:y:1.+") /* b */\nid \'org.springframework.boot\' version "3.4.1"\n', 'groovy');
    assert.deepEqual(tokens.filter((t) => t.kind === 'string').map((t) => (t as { value: string }).value), ['org.x:y:1.+', 'org.springframework.boot', '3.4.1']);
    assert.deepEqual(lexDsl('gem "rails\n', 'groovy').error, { message: 'unclosed string', line: 1 });
  });
});

describe('start commands', () => {
  const program = (line: string) => programOf(splitCommandLine(line)[0]);
  it('finds the program after the usual wrappers', () => {
    assert.deepEqual(program('bundle exec puma -C config/puma.rb'), { name: 'puma', word: 'puma', args: ['-C', 'config/puma.rb'] });
    assert.equal(program('poetry run gunicorn app:app')?.name, 'gunicorn');
    assert.equal(program('python -m celery -A shop worker')?.name, 'celery');
    assert.deepEqual(program('python manage.py migrate --noinput'), { name: 'manage.py', word: 'manage.py', args: ['migrate', '--noinput'] });
    assert.equal(program('exec tini -- /usr/local/bin/gunicorn app:app')?.name, 'gunicorn');
    assert.equal(program('PORT=8000 ./bin/rails server')?.name, 'rails');
    assert.deepEqual(program('php artisan queue:work --tries=3'), { name: 'artisan', word: 'artisan', args: ['queue:work', '--tries=3'] });
    const nested = splitCommandLine('sh -c "pip install -r requirements.txt && python app.py"');
    assert.deepEqual(nested.map((c) => programOf(c)?.name), ['pip', 'app.py']);
  });
  it('knows the build steps, migrations, servers and daemon flags of each ecosystem', () => {
    const step = (l: string) => buildStep(program(l)!);
    assert.equal(step('go run ./cmd/api'), 'go run');
    assert.equal(step('./mvnw spring-boot:run'), 'mvnw spring-boot:run');
    assert.equal(step('dotnet run --project src/Api'), 'dotnet run');
    assert.equal(step('bundle install --deployment'), 'bundle install');
    assert.equal(step('composer install --no-dev'), 'composer install');
    assert.equal(step('gunicorn app:app'), undefined);
    const migration = (l: string) => migrationStep(program(l)!);
    assert.equal(migration('python manage.py migrate'), 'manage.py migrate');
    assert.equal(migration('bin/rails db:prepare'), 'rails db:prepare');
    assert.equal(migration('php artisan migrate --force'), 'artisan migrate');
    assert.equal(migration('alembic upgrade head'), 'alembic upgrade');
    assert.equal(migration('dotnet ef database update'), 'dotnet ef database update');
    assert.equal(migration('rails server'), undefined);
    const server = (l: string) => serverOf(program(l)!);
    assert.deepEqual([server('unicorn -c config/unicorn.rb')?.stop, server('php-fpm8.2 -F')?.stop, server('celery -A shop worker')?.role, server('flask run')?.stop], ['QUIT', 'QUIT', 'worker', 'dev']);
    assert.equal(server('gunicorn app:app --bind 0.0.0.0:$PORT')?.bindsPort, true);
    const daemon = (l: string) => {
      const cmds = splitCommandLine(l);
      return cmds.map((c, i) => daemonizes(c, i === cmds.length - 1)).find(Boolean);
    };
    assert.equal(daemon('gunicorn -D app:app'), 'gunicorn -D');
    assert.equal(daemon('bundle exec puma --daemon'), 'puma --daemon');
    assert.equal(daemon('celery multi start w1 -A shop'), 'celery multi');
    assert.equal(daemon('node server.js &'), '&');
    assert.equal(daemon('service nginx start && php-fpm -F'), 'service nginx start');
    assert.equal(daemon('pm2 start app.js --no-daemon'), undefined);
    assert.equal(daemon('gunicorn app:app'), undefined);
  });
  it('PEP 508 requirements: name and exact pin', () => {
    assert.deepEqual(parseRequirement('Flask_SQLAlchemy[async] == 3.1.1 ; python_version >= "3.9"'), { name: 'flask-sqlalchemy', pinned: true });
    assert.deepEqual(parseRequirement('django>=5.0,<6'), { name: 'django', pinned: false });
    assert.deepEqual(parseRequirement('requests==2.*'), { name: 'requests', pinned: false });
    assert.equal(parseRequirement('not a requirement!'), undefined);
  });
});

describe('checklist: bad manifests and deploy files', () => {
  it('a manifest that does not parse is an attention with its reason, never a throw', async () => {
    const cases: [string, string, RegExp][] = [
      ['pyproject.toml', '[project]\nname = "shop\ndependencies = []\n', /pyproject\.toml:2 pyproject\.toml could not be read \(not valid TOML: unclosed string\)/],
      ['Pipfile', '[packages]\nflask = \n', /Pipfile:2 Pipfile could not be read \(not valid TOML: a value is missing\)/],
      ['pom.xml', '<project><dependencies><dependency></dependencies></project>', /pom\.xml:1 pom\.xml could not be read \(not valid XML: .+\)/],
      ['Api.csproj', '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup>', /Api\.csproj could not be read \(not valid XML: .+\)/],
      ['go.mod', 'module example.com/x\nrequire (\n  github.com/a/b v1.0.0\n', /go\.mod could not be read \(unclosed "require \(" block\)/],
      ['go.mod', 'module example.com/x\nrequires github.com/a/b v1.0.0\n', /go\.mod:2 go\.mod could not be read \(unknown directive "requires"\)/],
      ['Gemfile', 'source "https://rubygems.org"\ngem "rails\n', /Gemfile:2 Gemfile could not be read \(unclosed string\)/],
      ['Gemfile', 'group :test do\n  gem "rspec"\n', /Gemfile could not be read \(a block is not closed with "end"\)/],
      ['composer.json', '{ "require": { "monolog/monolog": "^3.0", } }', /composer\.json:1 composer\.json could not be read \(not valid JSON\)/],
      ['requirements.txt', 'flask==3.0.3\n<<<<<<< HEAD\n', /requirements\.txt:2 requirements\.txt could not be read \("<<<<<<< HEAD" is not a requirement\)/],
      ['build.gradle', "dependencies {\n  implementation 'org.x:y:1.0\n}\n", /build\.gradle:2 build\.gradle could not be read \(unclosed string\)/],
    ];
    for (const [name, text, reason] of cases) {
      const list = await checklistOf({ [name]: text, 'app.py': 'print("hi")\n' });
      const deps = entry(list, 2);
      assert.equal(deps.status, 'attention', `${name}: ${deps.reason}`);
      assert.match(deps.reason, /could not be read/, name);
      assert.match(notes(deps, 'finding'), reason, name);
      assert.ok(list.every((e) => !e.reason.startsWith('The check failed')), list.map((e) => e.reason).join('\n'));
    }
  });
  it('a broken lockfile, compose file, database.yml, Dockerfile or Procfile never breaks a check', async () => {
    const list = await checklistOf({
      Gemfile: 'gem "rails"\n',
      'poetry.lock': '[[package]\nname = "x"\n',
      'pyproject.toml': '[tool.poetry]\nname = "shop"\n[tool.poetry.dependencies]\npython = "^3.12"\nflask = "^3"\n',
      'docker-compose.yml': 'services:\n  web:\n    build: .\n   image: [\n',
      'config/database.yml': 'development:\n  adapter: sqlite3\n production: {\n',
      Dockerfile: 'FROM\nCMD ["unclosed\n',
      Procfile: 'web gunicorn app:app\n:::\n',
      'app.py': 'import flask\n',
    });
    assert.equal(list.length, 12);
    assert.ok(list.every((e) => !e.reason.startsWith('The check failed')), list.map((e) => e.reason).join('\n'));
    assert.match(notes(entry(list, 2), 'finding'), /poetry\.lock could not be read \(not valid TOML/);
    assert.match(notes(entry(list, 8)), /docker-compose\.yml is not valid YAML/);
    assert.match(notes(entry(list, 10)), /config\/database\.yml is not valid YAML/);
  });
});

describe('checklist: each ecosystem', () => {
  it('II: imports are checked against requirements, go.mod and the Gemfile, by the names packages are imported as', async () => {
    const py = await checklistOf({
      'requirements.txt': 'Flask==3.0.3\nPyYAML==6.0.2\nPillow==10.4.0\npsycopg2-binary==2.9.9\nbeautifulsoup4==4.12.3\n',
      'app/__init__.py': 'import yaml\nfrom PIL import Image\nimport psycopg2\nfrom bs4 import BeautifulSoup\nfrom werkzeug.security import check_password_hash\nfrom app import views\nimport os, json\n',
      'app/views.py': 'from . import models\nimport requests\n',
    });
    assert.equal(entry(py, 2).status, 'fail');
    assert.equal(notes(entry(py, 2), 'finding'), 'app/views.py imports "requests", which no Python manifest (requirements, pyproject.toml, Pipfile) declares');
    const go = await checklistOf({
      'go.mod': 'module example.com/shop\n\ngo 1.22\n\nrequire github.com/redis/go-redis/v9 v9.6.1\n',
      'go.sum': 'github.com/redis/go-redis/v9 v9.6.1 h1:x=\n',
      'main.go': 'package main\n\nimport (\n\t"net/http"\n\t"github.com/redis/go-redis/v9"\n\t"example.com/shop/internal/db"\n\t"github.com/google/uuid"\n)\n',
    });
    assert.equal(notes(entry(go, 2), 'finding'), 'main.go imports "github.com/google/uuid", which go.mod does not require');
    const rb = await checklistOf({
      Gemfile: 'gem "sinatra"\ngem "rack-cors", require: "rack/cors"\n',
      'Gemfile.lock': 'GEM\n  specs:\n    rack (3.1.7)\n    rack-cors (2.0.2)\n    sinatra (4.0.0)\n',
      'app.rb': 'require "json"\nrequire "sinatra/base"\nrequire "rack/cors"\nrequire "rack/utils"\nrequire "shop/order"\nrequire_relative "lib/helpers"\nrequire "faraday"\n',
      'lib/shop/order.rb': 'class Order; end\n',
    });
    assert.equal(notes(entry(rb, 2), 'finding'), 'app.rb requires "faraday", which the Gemfile does not declare');
  });
  it('II: versions pinned per ecosystem: requirements ==, Gradle dynamic versions, central NuGet versions, lockfiles', async () => {
    const gradle = { 'build.gradle.kts': 'plugins { id("org.springframework.boot") version "3.4.1" }\ndependencies {\n  implementation("org.springframework.boot:spring-boot-starter-web")\n  implementation("com.google.guava:guava:33.+")\n}\n' };
    const dynamic = entry(await checklistOf(gradle), 2);
    assert.equal(dynamic.status, 'attention');
    assert.match(notes(dynamic, 'finding'), /1 dependency without a fixed version \(com\.google\.guava:guava\)/);
    assert.equal(entry(await checklistOf({ ...gradle, 'gradle.lockfile': 'com.google.guava:guava:33.3.0-jre=runtimeClasspath\n' }), 2).status, 'pass');
    const pip = entry(await checklistOf({ 'requirements.txt': 'flask\ngunicorn==22.0.0\n' }), 2);
    assert.match(notes(pip, 'finding'), /1 dependency without a fixed version \(flask\)/);
    const constrained = entry(await checklistOf({ 'requirements.txt': '-c constraints.txt\nflask\n', 'constraints.txt': 'flask==3.0.3\n' }), 2);
    assert.equal(constrained.status, 'pass', constrained.reason);
    const pyproject = entry(await checklistOf({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask>=3"]\n' }), 2);
    assert.match(notes(pyproject, 'finding'), /no lockfile pins these dependencies \(poetry\.lock, uv\.lock/);
    const central = entry(await checklistOf({ 'Directory.Packages.props': '<Project><ItemGroup><PackageVersion Include="Serilog" Version="4.0.1" /></ItemGroup></Project>', 'src/Api/Api.csproj': '<Project Sdk="Microsoft.NET.Sdk.Web"><ItemGroup><PackageReference Include="Serilog" /></ItemGroup></Project>' }), 2);
    assert.equal(central.status, 'pass', central.reason);
    assert.match(notes(central, 'info'), /packages\.lock\.json \(RestorePackagesWithLockFile\) is optional/);
  });
  it('II: a system tool is declared by the Dockerfile that installs its package', async () => {
    const files = { 'requirements.txt': 'flask==3.0.3\n', 'thumbs.py': 'import subprocess\nsubprocess.run(["convert", "a.png", "b.png"], check=True)\n' };
    assert.equal(entry(await checklistOf(files), 2).status, 'attention');
    const installed = await checklistOf({ ...files, Dockerfile: 'FROM python:3.12-slim AS base\nRUN apt-get update && apt-get install -y --no-install-recommends \\\n    imagemagick && rm -rf /var/lib/apt/lists/*\nFROM base\nCMD ["gunicorn", "app:app"]\n' });
    assert.equal(entry(installed, 2).status, 'pass', entry(installed, 2).reason);
  });
  it('II: the tool a shell wrapper runs, a concatenated command line, or env; not the project\'s own script', async () => {
    const list = await checklistOf({
      'requirements.txt': 'flask==3.0.3\n',
      'tools.py': 'import os\nimport subprocess\nsubprocess.run(["bash", "scripts/deploy.sh"])\nsubprocess.run(["sh", "-c", "curl -fsS http://x?a=b | gzip"])\nsubprocess.run("ffmpeg -i a.mp4 b.webm", shell=True)\nos.system("pg_dump " + os.environ["DATABASE_URL"])\nsubprocess.check_output(["/usr/bin/env", "LANG=C", "git", "rev-parse", "HEAD"])\n',
      'thumbs.rb': 'system("convert", "a.png", "b.png")\nsize = `identify -format %w a.png`\n',
      'Thumbs.java': 'class Thumbs { void run() throws Exception { new ProcessBuilder("wkhtmltopdf", "a.html", "a.pdf").start(); } }\n',
    });
    const tools = entry(list, 2).evidence.filter((e) => e.kind === 'finding').map((e) => /"([^"]+)"/.exec(e.note)?.[1]);
    assert.deepEqual(tools.sort(), ['convert', 'curl', 'ffmpeg', 'git', 'identify', 'pg_dump', 'wkhtmltopdf']);
  });
  it('III: a .NET setting defined in appsettings.json is documented there', async () => {
    const list = await checklistOf({
      'Program.cs': 'var builder = WebApplication.CreateBuilder(args);\nvar cs = builder.Configuration.GetConnectionString("Shop");\nvar key = builder.Configuration["Stripe:ApiKey"];\nvar app = builder.Build();\napp.Run();\n',
      'appsettings.json': '{ "ConnectionStrings": { "Shop": "" }, "Stripe": { "ApiKey": "" } }',
    });
    assert.equal(entry(list, 3).status, 'pass', entry(list, 3).reason);
  });
  it('IX: Go needs SIGTERM and Shutdown; SIGINT alone is not enough', async () => {
    const main = (signals: string, shutdown: boolean) => ({
      'main.go': `package main\n\nimport (\n\t"context"\n\t"net/http"\n\t"os"\n\t"os/signal"\n\t"syscall"\n)\n\nfunc main() {\n\tsrv := &http.Server{Addr: ":" + os.Getenv("PORT")}\n\tgo srv.ListenAndServe()\n\tctx, stop := signal.NotifyContext(context.Background(), ${signals})\n\tdefer stop()\n\t<-ctx.Done()\n\t${shutdown ? 'srv.Shutdown(context.Background())' : '_ = syscall.SIGTERM'}\n}\n`,
    });
    assert.equal(entry(await checklistOf(main('os.Interrupt, syscall.SIGTERM', true)), 9).status, 'pass');
    const intOnly = entry(await checklistOf(main('os.Interrupt', true)), 9);
    assert.equal(intOnly.status, 'fail');
    assert.match(notes(intOnly, 'finding'), /handles only SIGINT \(os\.Interrupt\)/);
    assert.match(notes(entry(await checklistOf(main('os.Interrupt, syscall.SIGTERM', false)), 9), 'finding'), /never calls the server's Shutdown/);
  });
  it('IX: Spring Boot 3.4 drains by default; uvicorn and Unicorn with a TERM trap drain; php-fpm takes the official image STOPSIGNAL; Flask run as a script does not', async () => {
    const spring = await checklistOf({
      'pom.xml': '<project><parent><groupId>org.springframework.boot</groupId><artifactId>spring-boot-starter-parent</artifactId><version>3.4.1</version></parent></project>',
      'src/main/java/a/App.java': 'package a;\nimport org.springframework.boot.SpringApplication;\npublic class App { public static void main(String[] args) { SpringApplication.run(App.class, args); } }\n',
    });
    assert.match(notes(entry(spring, 9), 'support'), /Spring Boot 3\.4\.1 shuts down gracefully by default/);
    const uvicorn = await checklistOf({ 'main.py': 'import os\nimport uvicorn\nfrom fastapi import FastAPI\napp = FastAPI()\nif __name__ == "__main__":\n    uvicorn.run(app, host="0.0.0.0", port=int(os.environ.get("PORT", "8000")))\n' });
    assert.equal(entry(uvicorn, 9).status, 'pass', notes(entry(uvicorn, 9)));
    const fpm = await checklistOf({ Dockerfile: 'FROM php:8.3-fpm\nCOPY . /var/www/html\nCMD ["php-fpm"]\n' });
    assert.match(notes(entry(fpm, 9), 'support'), /php-fpm, which drains on SIGQUIT, the image's STOPSIGNAL/);
    const unicorn = await checklistOf({ Procfile: 'web: bundle exec unicorn -p $PORT -c config/unicorn.rb\n', 'config/unicorn.rb': 'before_fork do |server, worker|\n  Signal.trap("TERM") { Process.kill("QUIT", Process.pid) }\nend\n' });
    assert.equal(entry(unicorn, 9).status, 'pass', notes(entry(unicorn, 9)));
    const flask = await checklistOf({ Procfile: 'web: python app.py\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\nif __name__ == "__main__":\n    app.run()\n' });
    assert.match(notes(entry(flask, 9), 'finding'), /app\.run\(\) starts Flask's development server/);
  });
  it('I: two web apps in one repository; a web project and its worker are one app', async () => {
    const project = (sdk: string) => `<Project Sdk="Microsoft.NET.Sdk.${sdk}"></Project>`;
    const two = await checklistOf({ 'src/Api/Api.csproj': project('Web'), 'src/Admin/Admin.csproj': project('Web') });
    assert.equal(entry(two, 1).status, 'attention');
    assert.match(entry(two, 1).reason, /2 apps are deployed from this one repository \(src\/Admin, src\/Api\)/);
    assert.equal(entry(await checklistOf({ 'src/Api/Api.csproj': project('Web'), 'src/Worker/Worker.csproj': project('Worker') }), 1).status, 'pass');
    assert.equal(entry(await checklistOf({ Dockerfile: 'FROM x\n', 'src/Api/Api.csproj': project('Web') }), 1).status, 'pass');
    assert.match(entry(await checklistOf({ 'shop/config.ru': 'run Rails.application\n', 'blog/manage.py': 'import django\n' }), 1).reason, /2 apps/);
  });
  it('X: development and production database kinds from database.yml, appsettings and Spring profiles', async () => {
    const yml = await checklistOf({ 'config/database.yml': 'default: &default\n  pool: 5\ndevelopment:\n  <<: *default\n  adapter: sqlite3\nproduction:\n  <<: *default\n  adapter: postgresql\n' });
    assert.match(notes(entry(yml, 10), 'finding'), /development uses sqlite3 while production uses postgresql|development uses sqlite while production uses postgres/);
    const dotnet = await checklistOf({ 'appsettings.json': '{ "ConnectionStrings": { "Shop": "Host=db;Database=shop;Username=shop" } }', 'appsettings.Development.json': '{ "ConnectionStrings": { "Shop": "Data Source=shop.db" } }' });
    assert.equal(entry(dotnet, 10).status, 'fail', notes(entry(dotnet, 10)));
    const same = await checklistOf({ 'src/main/resources/application.properties': 'spring.datasource.url=${DATABASE_URL:jdbc:postgresql://localhost:5432/shop}\n', 'src/main/resources/application-dev.properties': 'spring.datasource.url=jdbc:postgresql://localhost:5432/shop_dev\n' });
    assert.equal(entry(same, 10).status, 'pass', notes(entry(same, 10)));
  });
  it('XII: migrations in an entrypoint script fail; Flyway at Spring start is accepted; a Procfile release passes', async () => {
    const rails = await checklistOf({
      Dockerfile: 'FROM ruby:3.3\nENTRYPOINT ["/rails/bin/docker-entrypoint"]\nCMD ["./bin/rails", "server"]\n',
      'bin/docker-entrypoint': '#!/bin/bash -e\nif [ "${@: -1:1}" == "server" ]; then\n  ./bin/rails db:prepare\nfi\nexec "${@}"\n',
    });
    assert.match(notes(entry(rails, 12), 'finding'), /bin\/docker-entrypoint:3 .*runs "rails db:prepare" every time the app starts/);
    const flyway = await checklistOf({ 'build.gradle': "plugins { id 'org.springframework.boot' version '3.3.4' }\ndependencies { implementation 'org.flywaydb:flyway-core' }\n" });
    assert.equal(entry(flyway, 12).status, 'pass');
    assert.match(notes(entry(flyway, 12), 'info'), /Spring Boot runs Flyway migrations when the app starts .*accepted/);
    const release = await checklistOf({ Procfile: 'web: gunicorn app:app\nrelease: python manage.py migrate --noinput\n' });
    assert.match(notes(entry(release, 12), 'support'), /release-phase task: manage\.py migrate/);
  });
  it('VIII: gunicorn.conf.py daemon = True and Puma daemonize detach the process', async () => {
    const py = await checklistOf({ Procfile: 'web: gunicorn -c gunicorn.conf.py app:app\n', 'gunicorn.conf.py': 'bind = "0.0.0.0:8000"\ndaemon = True\n' });
    assert.match(notes(entry(py, 8), 'finding'), /gunicorn\.conf\.py:2 daemon = True detaches the process/);
    const rb = await checklistOf({ Procfile: 'web: bundle exec puma -C config/puma.rb\n', 'config/puma.rb': 'port ENV.fetch("PORT", 3000)\ndaemonize true\n' });
    assert.equal(entry(rb, 8).status, 'fail');
  });
});
