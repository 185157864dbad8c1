/** The client's document selector and activation events cover every language and format the engine reads. */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { DOCUMENT_LANGUAGES, DOCUMENT_PATTERNS } from '../../shared/documents';
import { LANGUAGES } from '../../server/src/engine/languages';

const manifest = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8')) as { activationEvents: string[] };

describe('client document selector', () => {
  it('names every language id the engine handles, and nothing else', () => {
    const engineIds = new Set(LANGUAGES.flatMap((l) => l.languageIds));
    assert.deepEqual([...DOCUMENT_LANGUAGES].sort(), [...engineIds].sort());
  });

  it('matches every file-name glob of every format', () => {
    const selector = picomatch([...DOCUMENT_PATTERNS], { dot: true, nocase: true });
    const samples: Record<string, string> = {
      'dotenv-template': 'app/.env.example',
      dotenv: 'app/.env.production',
      dockerfile: 'svc/Dockerfile.dev',
      procfile: 'Procfile',
      compose: 'docker-compose.override.yml',
      'spring-yaml': 'src/main/resources/application-prod.yml',
      'rails-database': 'config/database.yml',
      properties: 'src/main/resources/application.properties',
      appsettings: 'Api/appsettings.Development.json',
      logback: 'src/main/resources/logback-spring.xml',
      log4j2: 'src/main/resources/log4j2.xml',
      'web-config': 'Legacy.Web/web.Release.config',
      kubernetes: 'deploy/k8s/deployment.yaml',
    };
    for (const l of LANGUAGES) {
      if (!l.parseText) continue;
      const sample = samples[l.id];
      assert.ok(sample, `a sample path for format ${l.id}`);
      assert.ok(picomatch(l.fileNames, { dot: true, nocase: true })(sample), `${sample} is a ${l.id} file for the engine`);
      assert.ok(selector(sample), `the client selects ${sample} (${l.id})`);
    }
    assert.equal(selector('src/index.html'), false);
    assert.equal(selector('package.json'), false);
  });

  it('activates the extension on each of those languages', () => {
    for (const id of DOCUMENT_LANGUAGES) assert.ok(manifest.activationEvents.includes(`onLanguage:${id}`), `onLanguage:${id}`);
  });
});
