/**
 * The VS Code test harness installs code-server with Node 24 from inside `npm run test:vscode`, whose
 * npm runs on another Node. The nested install must not inherit the outer npm's identity.
 */
import { describe, it } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The harness scripts are plain ES modules run by node; loaded by URL, outside the type-checked project. */
const harness = (name: string) => pathToFileURL(path.join(__dirname, '..', '..', 'scripts', 'vscode', name)).href;

describe('VS Code harness: the environment of the code-server install', () => {
  it('drops what the outer npm run leaves behind, keeps the user npm config, puts Node 24 first on PATH', async () => {
    const saved = { ...process.env };
    try {
      Object.assign(process.env, {
        npm_config_user_agent: 'npm/11.0.0 node/v20.0.0 linux x64 workspaces/false',
        npm_execpath: '/usr/lib/node_modules/npm/bin/npm-cli.js',
        npm_node_execpath: '/usr/bin/node',
        npm_lifecycle_event: 'test:vscode',
        npm_package_name: 'twelve-factor-guide',
        NODE: '/usr/bin/node',
        npm_config_registry: 'https://registry.example.test/',
      });
      const { node24Env } = (await import(harness('setup.mjs'))) as { node24Env: () => NodeJS.ProcessEnv };
      const { NODE24 } = (await import(harness('paths.mjs'))) as { NODE24: string };
      const env = node24Env();
      for (const k of ['npm_config_user_agent', 'npm_execpath', 'npm_node_execpath', 'npm_lifecycle_event', 'npm_package_name', 'NODE']) {
        assert.equal(env[k], undefined, `${k} is passed on`);
      }
      assert.equal(env.npm_config_registry, 'https://registry.example.test/');
      assert.equal(env.PATH?.split(path.delimiter)[0], path.dirname(NODE24));
    } finally {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    }
  });
});
