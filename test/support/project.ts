/**
 * Loads a fixture project from test/fixtures/projects/<name> into the engine's ProjectInput, as a
 * host would: every file listed, source files analysed. A fixture's `_gitignore` stands for its
 * `.gitignore` (a real one would make git ignore the fixture's own files).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeForProject } from '../../server/src/engine/project/scan';
import { createProjectInput } from '../../server/src/engine/project/input';
import { parseProjectConfig, PROJECT_FILE } from '../../server/src/engine/project/config';
import type { FileResult, ProjectInput } from '../../server/src/engine/project/types';
import { RULES } from '../../server/src/engine/rules';

export async function loadFixtureProject(dir: string, hasGit: boolean): Promise<{ input: ProjectInput; problems: string[] }> {
  const files: string[] = [];
  const real = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'expect.json') {
        const rel = path.relative(dir, p).split(path.sep).join('/').replace(/(^|\/)_gitignore$/, '$1.gitignore');
        files.push(rel);
        real.set(rel, p);
      }
    }
  };
  walk(dir);
  files.sort();
  const read = (p: string) => {
    const f = real.get(p);
    return f ? fs.readFileSync(f, 'utf8') : undefined;
  };
  const configText = read(PROJECT_FILE);
  const { config, problems } = configText === undefined ? { config: undefined, problems: [] } : parseProjectConfig(configText, RULES.map((r) => r.meta.id));
  const results = new Map<string, FileResult>();
  for (const f of files) {
    const a = await analyzeForProject({ path: f, text: read(f)! }, { rules: config?.rules });
    if (!a.skipped || a.skipped.reason === 'test-file') results.set(f, { findings: a.findings, summary: a.summary });
  }
  return { input: createProjectInput({ files, read, hasGit, results, config }), problems };
}
