/**
 * The Python adapter: the SourceModel it builds from Flask, Django, FastAPI, gunicorn and logging
 * code, its fix idioms, and suppression comments through the engine.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze, buildModel, runRules } from '../../../server/src/engine/analyze';
import { languageFor, prepareLanguage } from '../../../server/src/engine/languages';
import type { CallSite, SourceModel, StringLiteral, Value } from '../../../server/src/engine/model';
import { parse, prepareGrammar } from '../../../server/src/engine/parser';
import type { Rule, TextEdit } from '../../../server/src/engine/types';
import { fixedPathFor, languageCorpus, listFixtures, parseAnnotations } from '../../support/annotations';

async function model(text: string, path = 'app.py'): Promise<SourceModel> {
  const spec = languageFor(path);
  assert.ok(spec, `a language for ${path}`);
  await prepareLanguage(spec);
  const built = buildModel(spec, text);
  assert.ok(built, 'the parser produced a tree');
  // the model must stand on its own once the tree is released
  built.tree.delete();
  return built.model;
}

function str(m: SourceModel, value: string, nth = 0): StringLiteral {
  const found = m.strings.filter((s) => s.value === value);
  assert.ok(found[nth], `string ${JSON.stringify(value)} #${nth} in ${JSON.stringify(m.strings.map((s) => s.value))}`);
  return found[nth];
}

function call(m: SourceModel, callee: string, nth = 0): CallSite {
  const found = m.calls.filter((c) => c.callee === callee);
  assert.ok(found[nth], `call ${callee} #${nth} in ${JSON.stringify(m.calls.map((c) => c.callee))}`);
  return found[nth];
}

function kwarg(c: CallSite, key: string): Value {
  const p = c.kwargs?.find((k) => k.key === key);
  assert.ok(p, `keyword argument ${key} of ${c.callee}`);
  return p.value;
}

/** Drops spans so values compare by content. */
function plain(v: unknown): unknown {
  return JSON.parse(JSON.stringify(v, (k, x) => (k === 'span' || k === 'keySpan' || k === 'declaration' || k === 'argsSpan' ? undefined : x)));
}

function applyEdits(text: string, edits: TextEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
  return out;
}

async function parsesCleanly(text: string): Promise<boolean> {
  await prepareGrammar('python');
  const tree = parse('python', text);
  assert.ok(tree);
  try {
    return !tree.rootNode.hasError;
  } finally {
    tree.delete();
  }
}

const FLASK_APP = `"""Orders service."""
import logging
import os
from logging.handlers import RotatingFileHandler

from flask import Flask, jsonify, request, session

app = Flask(__name__)
app.config["SECRET_KEY"] = "f3a9c1d2e4b5a6978812"
app.config.update(SESSION_TYPE="filesystem", SESSION_PERMANENT=False)

PORT = int(os.environ.get("PORT", 5000))
sessions = {}  # user id -> cart

handler = RotatingFileHandler("logs/orders.log", maxBytes=10_000_000, backupCount=3)
app.logger.addHandler(handler)


@app.route("/login", methods=["POST"])
def login():
    user = request.form["user"]
    sessions[user] = {"cart": []}
    app.logger.info("login from %s", request.remote_addr)
    return jsonify(ok=True)


@app.post("/logout")
def logout():
    sessions.pop(session["user"], None)
    return "", 204


def purge():
    sessions.clear()


if __name__ == "__main__":
    app.run(host="0.0.0.0", port=PORT, debug=False)
`;

describe('python adapter: Flask', () => {
  it('gives string literals their setting names, calls and comparisons', async () => {
    const m = await model(FLASK_APP);
    assert.equal(m.language, 'python');
    assert.equal(m.hasErrors, false);
    const secret = str(m, 'f3a9c1d2e4b5a6978812');
    assert.equal(secret.context.key, 'SECRET_KEY');
    assert.equal(secret.context.topLevel, true);
    assert.equal(secret.context.nonValue, undefined);
    // the index of the config mapping is a name, not a value
    assert.equal(str(m, 'SECRET_KEY').context.nonValue, true);
    const sessionType = str(m, 'filesystem');
    assert.equal(sessionType.context.key, 'SESSION_TYPE');
    assert.equal(sessionType.context.call?.site.callee, 'app.config.update');
    assert.equal(sessionType.context.call?.argIndex, -1);
    assert.equal(str(m, 'Orders service.').context.nonValue, true, 'docstring');
    assert.equal(str(m, 'login from %s').context.nonValue, true, 'log message');
    const logFile = str(m, 'logs/orders.log');
    assert.equal(logFile.context.call?.site.callee, 'RotatingFileHandler');
    assert.equal(logFile.context.call?.argIndex, 0);
  });

  it('reads calls with keyword arguments, constants and environment lookups', async () => {
    const m = await model(FLASK_APP);
    const run = call(m, 'app.run');
    assert.equal(run.topLevel, true);
    assert.equal(run.inHandler, false);
    assert.deepEqual(plain(kwarg(run, 'host')), { kind: 'string', value: '0.0.0.0' });
    assert.deepEqual(plain(kwarg(run, 'port')), {
      kind: 'identifier',
      name: 'PORT',
      resolved: { kind: 'env', name: 'PORT', fallback: { kind: 'number', value: 5000 } },
    });
    assert.deepEqual(plain(kwarg(run, 'debug')), { kind: 'boolean', value: false });
    const rfh = call(m, 'RotatingFileHandler');
    assert.equal(rfh.isNew, true, 'CapWords calls construct');
    assert.deepEqual(plain(kwarg(rfh, 'maxBytes')), { kind: 'number', value: 10_000_000 });
    const add = call(m, 'app.logger.addHandler');
    const h = add.args[0];
    assert.equal(h.kind, 'identifier');
    assert.equal(h.kind === 'identifier' && h.resolved?.kind === 'call' && h.resolved.call.callee, 'RotatingFileHandler');
    assert.deepEqual(m.envReads.map((e) => e.name), ['PORT']);
  });

  it('knows route handlers and the module-level dict they mutate', async () => {
    const m = await model(FLASK_APP);
    assert.equal(call(m, 'jsonify').inHandler, true);
    assert.equal(call(m, 'app.logger.info').inHandler, true);
    assert.equal(call(m, 'sessions.pop').inHandler, true, '@app.post view');
    assert.equal(call(m, 'sessions.clear').inHandler, false, 'a plain function');
    const col = m.collections.find((c) => c.name === 'sessions');
    assert.ok(col);
    assert.equal(col.kind, 'map');
    assert.deepEqual(
      col.mutations.map((x) => [x.keyText, x.inHandler]),
      [
        ['session["user"]', true],
        [undefined, false],
        ['user', true],
      ],
    );
  });

  it('reads comments and imports', async () => {
    const m = await model(FLASK_APP);
    const c = m.comments.find((x) => x.text === 'user id -> cart');
    assert.ok(c);
    assert.equal(c.ownLine, false);
    assert.equal(c.line, 12);
    assert.deepEqual(m.imports.map((i) => i.module), ['logging', 'os', 'logging.handlers', 'flask']);
  });
});

const DJANGO_SETTINGS = `"""
Django settings for shop project.
"""
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

# SECURITY WARNING: keep the secret key used in production secret!
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-8x#k2!q9z@v")
DEBUG = os.getenv("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = os.environ["ALLOWED_HOSTS"].split(",")

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "shop",
        "USER": "shop",
        "PASSWORD": "Tr0ub4dor&3",
        "HOST": "db.internal",
        "PORT": 5432,
    }
}

SESSION_ENGINE = "django.contrib.sessions.backends.file"

LOGGING = {
    "version": 1,
    "handlers": {
        "file": {
            "class": "logging.FileHandler",
            "filename": "/var/log/shop/django.log",
        },
    },
    "root": {"handlers": ["file"], "level": "INFO"},
}
`;

describe('python adapter: Django settings', () => {
  it('gives nested settings their key paths', async () => {
    const m = await model(DJANGO_SETTINGS, 'shop/settings.py');
    const pw = str(m, 'Tr0ub4dor&3');
    assert.equal(pw.context.key, 'PASSWORD');
    assert.deepEqual(pw.context.keyPath, ['default', 'PASSWORD']);
    assert.equal(pw.context.topLevel, true);
    assert.equal(str(m, 'PASSWORD').context.nonValue, true, 'a dict key is not a value');
    const cls = str(m, 'logging.FileHandler');
    assert.deepEqual(cls.context.keyPath, ['handlers', 'file', 'class']);
    assert.equal(cls.context.key, 'class');
    assert.equal(str(m, 'django.contrib.sessions.backends.file').context.key, 'SESSION_ENGINE');
    assert.deepEqual(str(m, 'file', 1).context.keyPath, ['root', 'handlers']);
  });

  it('marks env defaults, env names and comparisons', async () => {
    const m = await model(DJANGO_SETTINGS, 'shop/settings.py');
    const insecure = str(m, 'django-insecure-8x#k2!q9z@v');
    assert.equal(insecure.context.envFallback, true);
    assert.equal(insecure.context.call?.site.callee, 'os.environ.get');
    assert.equal(str(m, 'DJANGO_SECRET_KEY').context.nonValue, true);
    assert.equal(str(m, '1').context.comparison, true);
    assert.deepEqual(m.envReads.map((e) => e.name).sort(), ['ALLOWED_HOSTS', 'DJANGO_DEBUG', 'DJANGO_SECRET_KEY']);
    const dbs = m.collections.find((c) => c.name === 'DATABASES');
    assert.equal(dbs?.kind, 'map');
    assert.deepEqual(dbs?.mutations, []);
    const secretComment = m.comments[0];
    assert.equal(secretComment.text, 'SECURITY WARNING: keep the secret key used in production secret!');
    assert.equal(secretComment.ownLine, true);
  });
});

describe('python adapter: environment idioms', () => {
  it('turns every lookup style into an env value with its default', async () => {
    const m = await model(`import os
import environ
from os import environ as env_vars, getenv
from decouple import config

env = environ.Env(DEBUG=(bool, False))

A = os.environ["A"]
B = os.environ.get("B", "b-default")
C = os.getenv("C", default="c-default")
D = env_vars.get("D")
E = getenv("E") or "e-default"
F = env("F", default="f-default")
G = env.int("G", 8000)
H = config("H", default="h-default")
I = int(os.environ.get("I", "9"))
J = os.environ["J"] if "J" in os.environ else "j-default"

port = os.environ.get("PORT")
if not port:
    port = "5000"

def values():
    return [A, B, C, D, E, F, G, H, I, J, port]
`);
    assert.equal(str(m, 'b-default').context.envFallback, true);
    assert.equal(str(m, 'c-default').context.envFallback, true);
    assert.equal(str(m, 'f-default').context.envFallback, true);
    assert.equal(str(m, 'B').context.nonValue, true, 'the variable name');
    const expected: Record<string, unknown> = {
      A: { kind: 'env', name: 'A' },
      B: { kind: 'env', name: 'B', fallback: { kind: 'string', value: 'b-default' } },
      C: { kind: 'env', name: 'C', fallback: { kind: 'string', value: 'c-default' } },
      D: { kind: 'env', name: 'D' },
      E: { kind: 'env', name: 'E', fallback: { kind: 'string', value: 'e-default' } },
      F: { kind: 'env', name: 'F', fallback: { kind: 'string', value: 'f-default' } },
      G: { kind: 'env', name: 'G', fallback: { kind: 'number', value: 8000 } },
      H: { kind: 'env', name: 'H', fallback: { kind: 'string', value: 'h-default' } },
      I: { kind: 'env', name: 'I', fallback: { kind: 'string', value: '9' } },
      J: { kind: 'env', name: 'J', fallback: { kind: 'string', value: 'j-default' } },
      port: { kind: 'env', name: 'PORT', fallback: { kind: 'string', value: '5000' } },
    };
    // a call that takes every name as an argument makes the resolved values visible
    const probe = await model(`${m.text}\nprint(A, B, C, D, E, F, G, H, I, J, port)\n`);
    const args = call(probe, 'print').args;
    const names = Object.keys(expected);
    args.forEach((a, i) => {
      assert.equal(a.kind, 'identifier', names[i]);
      assert.deepEqual(plain(a.kind === 'identifier' ? a.resolved : undefined), expected[names[i]], names[i]);
    });
    assert.equal(str(probe, '5000').context.envFallback, true, 'guarded default');
    assert.equal(str(probe, 'e-default').context.envFallback, true);
    // where the lookup is an expression of its own, the model says which: a fix can drop the default
    const e = str(probe, 'e-default').context.envLookup;
    assert.ok(e);
    assert.equal(e.name, 'E');
    assert.equal(probe.text.slice(e.span.start, e.span.end), 'getenv("E")');
    assert.equal(probe.text.slice(e.expression.start, e.expression.end), 'getenv("E") or "e-default"');
    const j = str(probe, 'j-default').context;
    assert.equal(j.envFallback, true);
    assert.equal(probe.text.slice(j.envLookup?.span.start, j.envLookup?.span.end), 'os.environ["J"]');
    assert.deepEqual(probe.envReads.map((e) => e.name), ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'PORT']);
  });

  it('treats pydantic BaseSettings fields as env defaults', async () => {
    const m = await model(`from pydantic_settings import BaseSettings

class Settings(BaseSettings):
    database_url: str = "postgresql://app@localhost/app"
    redis_url: str = "redis://localhost:6379/0"

class Plain:
    database_url = "postgresql://app@db.prod/app"
`);
    assert.equal(str(m, 'postgresql://app@localhost/app').context.envFallback, true);
    assert.equal(str(m, 'postgresql://app@localhost/app').context.key, 'database_url');
    assert.equal(str(m, 'postgresql://app@db.prod/app').context.envFallback, undefined);
  });
});

describe('python adapter: FastAPI, Django views, gunicorn', () => {
  it('detects handlers in each framework', async () => {
    const m = await model(`from django.http import JsonResponse
from django.views import View
from fastapi import APIRouter, FastAPI
from rest_framework.views import APIView
import uvicorn

app = FastAPI()
router = APIRouter()
CARTS: dict[str, list] = {}


@router.get("/items/{item_id}")
async def read_item(item_id: int):
    CARTS.setdefault(str(item_id), [])
    return {"item_id": item_id}


def index(request):
    CARTS["last"] = request.path
    return JsonResponse({})


class CartView(View):
    def post(self, request, *args, **kwargs):
        CARTS[request.user.pk] = []
        return JsonResponse({})

    def helper(self):
        CARTS.clear()


class Health(APIView):
    def get(self, request):
        return JsonResponse({"ok": True})


def metrics():
    CARTS.update(seen=1)


app.add_api_route("/metrics", metrics)
app.include_router(router)

if __name__ == "__main__":
    uvicorn.run(app, host="0.0.0.0", port=8000)
`);
    const muts = m.collections.find((c) => c.name === 'CARTS')?.mutations ?? [];
    assert.deepEqual(
      muts.map((x) => [x.keyText, x.inHandler]),
      [
        ['str(item_id)', true],
        [undefined, false],
        ['seen', true],
        ['"last"', true],
        ['request.user.pk', true],
      ],
    );
    const run = call(m, 'uvicorn.run');
    assert.deepEqual(plain(run.args[0]), { kind: 'identifier', name: 'app', resolved: plain({ kind: 'call', call: call(m, 'FastAPI') }) });
    assert.deepEqual(plain(kwarg(run, 'port')), { kind: 'number', value: 8000 });
    assert.equal(call(m, 'JsonResponse', 2).inHandler, true, 'APIView.get');
  });

  it('reads a gunicorn config file', async () => {
    const m = await model(`# gunicorn.conf.py
import multiprocessing

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
accesslog = "/var/log/gunicorn/access.log"
errorlog = "-"
`, 'gunicorn.conf.py');
    assert.equal(str(m, '0.0.0.0:8000').context.key, 'bind');
    assert.equal(str(m, '0.0.0.0:8000').context.topLevel, true);
    assert.equal(str(m, '/var/log/gunicorn/access.log').context.key, 'accesslog');
    assert.equal(str(m, '-').context.key, 'errorlog');
  });
});

describe('python adapter: strings, constants and scopes', () => {
  it('keeps f-strings out of the string literals and gives their value as a template', async () => {
    const m = await model(`USER = "app"
url = f"postgresql://{USER}:secret@db/app"
joined = "redis://" "cache:6379"
raw = r"C:\\temp\\new"
escaped = "tab\\there \\u00e9"
print(url)
`);
    assert.ok(!m.strings.some((s) => s.value.includes('secret')), 'an f-string is not a literal');
    const joined = str(m, 'redis://cache:6379');
    assert.equal(joined.context.key, 'joined');
    assert.equal(m.text.slice(joined.span.start, joined.span.end), '"redis://" "cache:6379"');
    assert.equal(str(m, 'C:\\temp\\new').context.key, 'raw');
    assert.equal(str(m, 'tab\there é').context.key, 'escaped');
    const printed = call(m, 'print').args[0];
    assert.equal(printed.kind === 'identifier' && printed.resolved?.kind, 'template');
    assert.deepEqual(printed.kind === 'identifier' && printed.resolved?.kind === 'template' && printed.resolved.parts, ['postgresql://', ':secret@db/app']);
  });

  it('resolves constants only where the name is bound once in its scope', async () => {
    const m = await model(`PORT = 8080
HOST = "0.0.0.0"
HOST = "127.0.0.1"

class Config:
    REDIS_URL = "redis://cache:6379/0"

def serve(app, PORT=None):
    app.listen(PORT)
    app.bind(HOST)
    app.cache(Config.REDIS_URL)

def other(app):
    app.listen(PORT)
    local = 5000
    app.listen(local)
`);
    assert.deepEqual(plain(call(m, 'app.listen', 0).args[0]), { kind: 'identifier', name: 'PORT' }, 'a parameter shadows the constant');
    assert.deepEqual(plain(call(m, 'app.bind').args[0]), { kind: 'identifier', name: 'HOST' }, 'assigned twice');
    assert.deepEqual(plain(call(m, 'app.cache').args[0]), { kind: 'identifier', name: 'Config.REDIS_URL', resolved: { kind: 'string', value: 'redis://cache:6379/0' } });
    assert.deepEqual(plain(call(m, 'app.listen', 1).args[0]), { kind: 'identifier', name: 'PORT', resolved: { kind: 'number', value: 8080 } });
    assert.deepEqual(plain(call(m, 'app.listen', 2).args[0]), { kind: 'identifier', name: 'local', resolved: { kind: 'number', value: 5000 } });
    assert.equal(call(m, 'app.listen', 2).topLevel, false);
  });

  it('marks keys, comparisons, annotations and exception messages as what they are', async () => {
    const m = await model(`from typing import Literal
Mode = Literal["dev", "prod"]

def check(token: str, headers: dict) -> None:
    if token == "changeme":
        raise ValueError("token is not set")
    match headers.get("x-mode"):
        case "debug":
            pass
    return headers["Authorization"]
`);
    assert.equal(str(m, 'changeme').context.comparison, true);
    assert.equal(str(m, 'token is not set').context.nonValue, true);
    assert.equal(str(m, 'debug').context.comparison, true);
    assert.equal(str(m, 'Authorization').context.nonValue, true);
    assert.equal(str(m, 'x-mode').context.call?.site.callee, 'headers.get');
  });

  it('measures spans in UTF-16 code units, as the editor does', async () => {
    const text = `GREETING = "héllo 😀 wörld"\nAPI_KEY = "sk_live_51Hé😀x"\n# naïve 😀 comment\nafter = "tail"\n`;
    const m = await model(text);
    for (const s of m.strings) {
      assert.equal(text.slice(s.innerSpan.start, s.innerSpan.end), s.value);
      assert.equal(text.slice(s.span.start, s.span.end), `"${s.value}"`);
    }
    const key = str(m, 'sk_live_51Hé😀x');
    assert.equal(key.innerSpan.start, text.indexOf('sk_live'));
    const c = m.comments[0];
    assert.equal(text.slice(c.span.start, c.span.end), '# naïve 😀 comment');
    assert.equal(str(m, 'tail').span.start, text.indexOf('"tail"'));
  });

  it('builds a model from broken code without throwing', async () => {
    const m = await model(`import os
SECRET = "abc123def456"
def broken(:
    x = [1, 2
app.run(port=5000
`);
    assert.equal(m.hasErrors, true);
    assert.ok(m.strings.some((s) => s.value === 'abc123def456'));
    const empty = await model('');
    assert.deepEqual([empty.strings.length, empty.calls.length, empty.hasErrors], [0, 0, false]);
    const garbage = await model('\u0000\u0001 def (((( """ \'\'\' \\ \n'.repeat(200));
    assert.equal(garbage.hasErrors, true);
  });
});

describe('python adapter: idioms', () => {
  it('writes environment lookups as Python does', async () => {
    const m = await model('import os\n');
    assert.equal(m.idioms.envString('SECRET_KEY'), 'os.environ["SECRET_KEY"]');
    assert.equal(m.idioms.envNumber('PORT', '5000'), 'int(os.environ.get("PORT", "5000"))');
    assert.equal(m.idioms.envNumber('PORT', "'5000'"), `int(os.environ.get("PORT", '5000'))`);
    assert.equal(m.idioms.envAddress?.('PORT', '0.0.0.0', '8000'), '"0.0.0.0:" + os.environ.get("PORT", "8000")');
    assert.equal(m.idioms.lineComment, '#');
    assert.deepEqual(m.idioms.envImportEdits(), [], 'os is imported');
  });

  it('adds `import os` after the docstring and __future__ imports, and the result parses', async () => {
    const text = `#!/usr/bin/env python
"""Settings."""
from __future__ import annotations

from flask import Flask

app = Flask(__name__)
app.secret_key = "dev-secret-0123456789"
app.run(port=5000)
`;
    const m = await model(text);
    const edits = m.idioms.envImportEdits();
    assert.equal(edits.length, 1);
    const secret = str(m, 'dev-secret-0123456789');
    const port = call(m, 'app.run').kwargs?.[0].value;
    assert.ok(port);
    const fixed = applyEdits(text, [
      ...edits,
      { start: secret.span.start, end: secret.span.end, newText: m.idioms.envString('SECRET_KEY') },
      { start: port.span.start, end: port.span.end, newText: m.idioms.envNumber('PORT', '5000') },
    ]);
    assert.equal(
      fixed,
      `#!/usr/bin/env python
"""Settings."""
from __future__ import annotations
import os

from flask import Flask

app = Flask(__name__)
app.secret_key = os.environ["SECRET_KEY"]
app.run(port=int(os.environ.get("PORT", "5000")))
`,
    );
    assert.ok(await parsesCleanly(fixed));
    assert.deepEqual(m.idioms.envImportEdits('"x"'), [], 'code that does not use os needs no import');
  });

  it('puts `import os` before the first statement when there is no docstring', async () => {
    const text = `# gunicorn settings\nbind = "0.0.0.0:8000"\n`;
    const m = await model(text);
    const b = str(m, '0.0.0.0:8000');
    const fixed = applyEdits(text, [...m.idioms.envImportEdits(), { start: b.span.start, end: b.span.end, newText: m.idioms.envAddress?.('PORT', '0.0.0.0', '8000') ?? '' }]);
    assert.equal(fixed, `# gunicorn settings\nimport os\nbind = "0.0.0.0:" + os.environ.get("PORT", "8000")\n`);
    assert.ok(await parsesCleanly(fixed));
    const empty = await model('');
    assert.ok(await parsesCleanly(applyEdits('', empty.idioms.envImportEdits())));
  });

  it('adds `import sys` and `import logging` when the code of a fix uses them and the module does not import them', async () => {
    const text = `"""Logging."""\nimport os.path\nfrom logging.handlers import RotatingFileHandler\n\nhandler = RotatingFileHandler("app.log")\n`;
    const m = await model(text);
    const code = 'logging.StreamHandler(sys.stdout)';
    const edits = m.idioms.envImportEdits(code);
    assert.deepEqual(edits.map((e) => e.newText).sort(), ['\nimport logging', '\nimport sys']);
    const c = call(m, 'RotatingFileHandler');
    const fixed = applyEdits(text, [...edits, { start: c.span.start, end: c.span.end, newText: code }]);
    assert.match(fixed, /^"""Logging\."""\nimport (sys|logging)\nimport (sys|logging)\nimport os\.path\n/);
    assert.ok(fixed.endsWith('handler = logging.StreamHandler(sys.stdout)\n'));
    assert.ok(await parsesCleanly(fixed));
    assert.deepEqual(m.idioms.envImportEdits('handler.setLevel(10)'), [], 'code that uses neither needs no import');
    assert.deepEqual(m.idioms.envImportEdits('my_sys.stdout'), [], 'a name that only ends in sys is not the module');
    // `import logging.handlers` binds `logging`, `import sys as sys` binds `sys`
    const bound = await model('import logging.handlers\nimport sys as sys\n');
    assert.deepEqual(bound.idioms.envImportEdits('logging.StreamHandler(sys.stdout)'), []);
    // an import inside a function binds nothing at module level
    const local = await model('def f():\n    import sys\n    return sys.argv\n');
    assert.deepEqual(local.idioms.envImportEdits('sys.stdout').map((e) => e.newText), ['import sys\n']);
    assert.deepEqual(local.idioms.envImportEdits().map((e) => e.newText), ['import os\n'], 'without code: only os, as before');
  });
});

describe('python adapter: through the engine', () => {
  it('reports a fixed Tornado port and honours the suppression comment', async () => {
    const text = `import tornado.web

def make_app():
    return tornado.web.Application([])

app = make_app()
app.listen(8888)
# twelve-factor-ignore-next-line no-fixed-port -- admin console on the private network
app.listen(9999)
`;
    const r = await analyze({ path: 'server.py', text });
    const hits = r.findings.filter((f) => f.ruleId === 'no-fixed-port');
    assert.deepEqual(hits.map((f) => f.range.start.line), [6]);
    const fix = hits[0].fixes[0];
    assert.equal(applyEdits(text, fix.edits).includes('app.listen(int(os.environ.get("PORT", "8888")))'), true);
    assert.ok(await parsesCleanly(applyEdits(text, fix.edits)));
  });

  it('honours suppressions for any rule reading the model', async () => {
    const text = `API_KEY = "sk_live_0123456789abcdef"  # twelve-factor-ignore-line test-rule
TOKEN = "tok_0123456789abcdef"
# twelve-factor-ignore-next-line test-rule
PASSWORD = "hunter2hunter2"
`;
    const m = await model(text);
    const rule: Rule = {
      meta: { id: 'test-rule', factor: 3, description: 'Reports every top-level string bound to a name.', defaultSeverity: 'warning', fixable: false },
      create(ctx) {
        for (const s of ctx.model.strings) if (s.context.topLevel && s.context.key) ctx.report({ span: s.span, message: s.context.key });
      },
    };
    const findings = runRules(m, 'settings.py', {}, [rule]);
    assert.deepEqual(findings.map((f) => f.message), ['TOKEN']);
  });
});

describe('python adapter: pending fixture corpus', () => {
  const root = path.join(__dirname, '..', '..', 'fixtures', 'pending', 'python');
  const files = listFixtures(root);
  const RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];

  it('annotates every rule with findings and tricky negatives', () => {
    for (const rule of RULES) {
      const inFolder = languageCorpus(path.join(__dirname, '..', '..', 'fixtures'), 'python', rule);
      const all = inFolder.flatMap((f) => parseAnnotations(f.text));
      // a pending folder annotates its own rule only; once moved under rules/, rules.test asserts every rule's annotations
      if (fs.existsSync(path.join(root, rule))) assert.ok(all.every((m) => m.rule === rule), `${rule}/ annotates only ${rule}`);
      const marks = all.filter((m) => m.rule === rule);
      assert.ok(marks.filter((m) => m.mark === 'ruleid').length >= 15, `${rule}: ruleid annotations`);
      assert.ok(marks.filter((m) => m.mark === 'ok').length >= 15, `${rule}: ok annotations`);
      for (const f of inFolder) {
        const lines = f.text.split(/\r?\n/);
        for (const m of parseAnnotations(f.text)) assert.ok(lines[m.line]?.trim(), `${f.enginePath}:${m.line + 1} is code`);
      }
    }
  });

  for (const f of files) {
    it(`${f.enginePath} is valid code${fs.existsSync(fixedPathFor(f.file)) ? ', and so is its fix output' : ''}`, async () => {
      const m = await model(f.text, f.file);
      assert.equal(m.hasErrors, false);
      const fixed = fixedPathFor(f.file);
      if (fs.existsSync(fixed)) assert.ok(await parsesCleanly(fs.readFileSync(fixed, 'utf8')), `${path.basename(fixed)} parses`);
    });
  }
});

describe('python adapter: environment lookups with a default', () => {
  const lookupText = (m: SourceModel, s: StringLiteral) => m.text.slice(s.context.envLookup!.expression.start, s.context.envLookup!.expression.end);
  it('gives the default of os.environ.get / os.getenv the lookup, and the required form os.environ["X"]', async () => {
    const m = await model(`import os\nfrom os import getenv\nA = os.environ.get("API_TOKEN", "tok-1")\nB = getenv("B_KEY", "tok-2")\n`);
    const a = str(m, 'tok-1');
    assert.equal(a.context.envFallback, true);
    assert.equal(a.context.envLookup?.name, 'API_TOKEN');
    assert.equal(lookupText(m, a), 'os.environ.get("API_TOKEN", "tok-1")');
    assert.equal(a.context.envLookup?.required, 'os.environ["API_TOKEN"]');
    assert.equal(str(m, 'tok-2').context.envLookup?.required, 'os.environ["B_KEY"]');
  });
  it('drops only the default argument of python-decouple and django-environ lookups', async () => {
    const m = await model(`from decouple import config\nimport environ\nenv = environ.Env()\nA = config("DB_PASSWORD", default="pw-1", cast=str)\nB = env("SENTRY_TOKEN", default="pw-2")\n`);
    assert.equal(str(m, 'pw-1').context.envLookup?.required, 'config("DB_PASSWORD", cast=str)');
    assert.equal(str(m, 'pw-2').context.envLookup?.required, 'env("SENTRY_TOKEN")');
  });
  it('lists the names that `from … import` binds', async () => {
    const m = await model(`from twilio.rest import Client as Twilio, TwilioException\n`);
    assert.deepEqual(m.imports[0].bindings, [{ local: 'Twilio', imported: 'Client' }, { local: 'TwilioException', imported: 'TwilioException' }]);
  });
});

describe('python adapter: choices by environment name', () => {
  it('marks the branches of conditionals on the environment, not the test', async () => {
    const m = await model(`import os
APP_ENV = os.environ.get("APP_ENV", "development")
URL = "postgres://prod.internal/db" if APP_ENV == "production" else "postgres://localhost/db"
if os.getenv("FLASK_ENV") == "production":
    HOST = "db.prod.internal"
elif APP_ENV == "staging":
    HOST = "db.staging.internal"
else:
    HOST = "localhost"
def broker(env):
    match env:
        case "production":
            return "amqp://mq.prod.internal"
        case _:
            return "amqp://localhost"
def search():
    if APP_ENV == "prod":
        return "http://es.prod.internal"
    return "http://localhost:9200"
if DEBUG:
    OTHER = "db.other.internal"
`);
    for (const v of ['postgres://prod.internal/db', 'postgres://localhost/db', 'db.prod.internal', 'db.staging.internal', 'localhost', 'amqp://mq.prod.internal', 'amqp://localhost', 'http://es.prod.internal', 'http://localhost:9200']) {
      assert.equal(str(m, v).context.envBranch, true, v);
    }
    assert.equal(str(m, 'production').context.envBranch, undefined);
    assert.equal(str(m, 'db.other.internal').context.envBranch, undefined);
  });
  it('names the variable a settings dict is assigned to', async () => {
    const m = await model(`DATABASES = {"default": {"HOST": "db.internal"}}\n`);
    assert.equal(str(m, 'db.internal').context.container, 'DATABASES');
    assert.deepEqual(str(m, 'db.internal').context.keyPath, ['default', 'HOST']);
  });
});
