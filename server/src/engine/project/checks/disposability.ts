/**
 * disposability (Factor IX): every server entry point shuts down gracefully on SIGTERM/SIGINT.
 * A server entry point with no handler (in the file or a module it imports) is a finding.
 */
import type { Evidence, ProjectCheck } from '../types';
import { dirname, plural } from './util';

/** Resolves a relative import to a project file, trying the usual extensions. */
function resolveImport(from: string, spec: string, files: Set<string>): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const parts = (dirname(from) ? dirname(from) + '/' + spec : spec).split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  const base = out.join('/').replace(/\.(js|mjs|cjs)$/, '');
  for (const ext of ['', '.ts', '.tsx', '.js', '.mjs', '.cjs', '.mts', '.cts', '/index.ts', '/index.js']) if (files.has(base + ext)) return base + ext;
  return undefined;
}

const check: ProjectCheck = {
  meta: { id: 'disposability', factor: 9, description: 'Processes start fast and shut down gracefully on SIGTERM.' },
  run(input) {
    const evidence: Evidence[] = [];
    const files = new Set(input.results.keys());
    let entries = 0;
    let missing = 0;
    for (const [file, r] of input.results) {
      const s = r.summary;
      if (!s || s.serverStarts.length === 0) continue;
      entries++;
      let handled = s.shutdownHandlers.length > 0 ? file : undefined;
      if (!handled) {
        for (const spec of s.imports) {
          const target = resolveImport(file, spec, files);
          if (target && (input.results.get(target)?.summary?.shutdownHandlers.length ?? 0) > 0) handled = target;
        }
      }
      if (handled) {
        const line = input.results.get(handled)?.summary?.shutdownHandlers[0];
        evidence.push({ file: handled, line, note: `handles SIGTERM/SIGINT for the server in ${file}`, kind: 'support' });
      } else {
        missing++;
        evidence.push({ file, line: s.serverStarts[0], note: 'starts a server but never handles SIGTERM: close the server and connections on SIGTERM so deploys do not drop requests', kind: 'finding', id: 'disposability' });
      }
    }
    if (entries === 0) return { status: 'n/a', reason: 'No server entry point found.', evidence };
    if (missing) return { status: 'fail', reason: `${plural(missing, 'server entry point')} without a SIGTERM handler.`, evidence };
    return { status: 'pass', reason: `Every server entry point (${entries}) handles SIGTERM.`, evidence };
  },
};
export default check;
