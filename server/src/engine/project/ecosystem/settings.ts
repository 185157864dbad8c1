/**
 * Spring Boot settings (`application*.properties`, `application*.yml`) flattened to dotted keys, so
 * that checks can ask for `server.shutdown` or `spring.flyway.enabled` in either format. A file that
 * does not parse gives no settings (its own adapter reports the syntax error on the file).
 */
import { isMap, isScalar, LineCounter, parseAllDocuments } from 'yaml';
import type { ProjectInput } from '../types';
import { basename } from '../checks/util';

const SPRING_SETTINGS = /^application(-[\w.-]+)?\.(properties|ya?ml)$/i;

/** One Spring settings file, flattened to dotted keys with the line of each. */
export interface SpringSettings {
  file: string;
  /** The profile of `application-<profile>.*`; undefined for the base file. */
  profile?: string;
  values: Map<string, { value: string; line?: number }>;
}

const cache = new WeakMap<ProjectInput, SpringSettings[]>();

/** Every Spring settings file of the project, once per input. */
export function springSettings(input: ProjectInput): SpringSettings[] {
  let out = cache.get(input);
  if (out) return out;
  out = [];
  for (const file of input.files) {
    const m = SPRING_SETTINGS.exec(basename(file));
    if (!m) continue;
    const text = input.read(file);
    if (text === undefined) continue;
    const values = m[2].toLowerCase() === 'properties' ? properties(text) : yamlValues(text);
    out.push({ file, profile: m[1]?.slice(1), values });
  }
  cache.set(input, out);
  return out;
}

/** `.properties` lines: `key=value`, `key: value` or `key value`, with `\` continuations and `#`/`!` comments. */
function properties(text: string): SpringSettings['values'] {
  const values: SpringSettings['values'] = new Map();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i].replace(/^\s+/, '');
    const start = i;
    if (!line || line.startsWith('#') || line.startsWith('!')) continue;
    while (/(^|[^\\])(\\\\)*\\$/.test(line) && i + 1 < lines.length) line = line.slice(0, -1) + lines[++i].replace(/^\s+/, '');
    const m = /^((?:[^=:\s\\]|\\.)+)\s*[=:\s]\s*(.*)$/.exec(line);
    if (m) values.set(m[1].replace(/\\(.)/g, '$1'), { value: m[2].trim(), line: start + 1 });
    else values.set(line.trim(), { value: '', line: start + 1 });
  }
  return values;
}

function yamlValues(text: string): SpringSettings['values'] {
  const values: SpringSettings['values'] = new Map();
  const lines = new LineCounter();
  let docs: ReturnType<typeof parseAllDocuments>;
  try {
    docs = parseAllDocuments(text, { lineCounter: lines });
  } catch {
    return values;
  }
  if (!Array.isArray(docs)) return values;
  const walk = (node: unknown, prefix: string, line?: number) => {
    if (isMap(node)) {
      for (const item of node.items) {
        const key = isScalar(item.key) ? String(item.key.value) : undefined;
        if (key === undefined) continue;
        const at = isScalar(item.key) && item.key.range ? lines.linePos(item.key.range[0]).line : undefined;
        walk(item.value, prefix ? `${prefix}.${key}` : key, at);
      }
    } else if (isScalar(node) && prefix && node.value !== null && node.value !== undefined) {
      values.set(prefix, { value: String(node.value), line });
    }
  };
  for (const doc of docs) if (doc.errors.length === 0) walk(doc.contents, '');
  return values;
}

/** Compares dotted version strings: `3.4.1` >= `3.4`. */
export function versionAtLeast(version: string | undefined, min: string): boolean {
  if (!version) return false;
  const a = version.split(/[.-]/).map((x) => parseInt(x, 10));
  const b = min.split('.').map((x) => parseInt(x, 10));
  for (let i = 0; i < b.length; i++) {
    const x = Number.isNaN(a[i]) ? 0 : a[i] ?? 0;
    if (x !== b[i]) return x > b[i];
  }
  return true;
}
