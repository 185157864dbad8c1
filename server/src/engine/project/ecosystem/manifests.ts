/**
 * Dependency manifests and lockfiles of every ecosystem the checklist knows, each read with a parser
 * for its format: JSON (package.json, composer.json, Pipfile.lock), TOML (pyproject.toml, Pipfile,
 * poetry.lock, uv.lock, Gradle version catalogs), XML (pom.xml, *.csproj, Directory.Packages.props),
 * the line formats of requirements.txt, go.mod, go.sum and Gemfile.lock, and token readers for the
 * Gemfile, *.gemspec and Gradle build scripts. Reading never throws: a file that cannot be read
 * gives a `problem` with its line.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { ProjectInput } from '../types';
import { basename, dirname } from '../checks/util';
import { lexDsl, type DslToken } from './dsl-lexer';
import { normalizePythonName } from './known';
import { parseToml, type TomlTable, type TomlValue } from './toml';

/** A package ecosystem, by its manifest format. */
export type Ecosystem = 'npm' | 'python' | 'go' | 'maven' | 'gradle' | 'ruby' | 'dotnet' | 'php';

/** A dependency manifest as read: what it declares and whether its versions are fixed. */
export interface Manifest {
  file: string;
  ecosystem: Ecosystem;
  /** Declared package names (Python names normalized, Go module paths, gem names, Maven `group:artifact`). */
  declared: Set<string>;
  /** Some declarations are dynamic or elsewhere (`dynamic = ["dependencies"]`, `gemspec`): imports are not checked against this manifest alone. */
  partial?: boolean;
  /** The manifest declares third-party packages (a lockfile then matters). */
  hasDependencies: boolean;
  /** Dependencies whose version is not fixed (for formats that pin in the manifest itself). */
  unpinned: string[];
  /** The manifest pins every version itself (requirements.txt with `==` or hashes, compiled lists). */
  selfPinned?: boolean;
  /** The file could not be read. */
  problem?: { message: string; line?: number };
  /** Go: the module path. */
  goModule?: string;
  /** Java: the Spring Boot version (parent POM or Gradle plugin), when stated. */
  springBootVersion?: string;
  /** .NET: the project SDK (`Microsoft.NET.Sdk.Web`, `Microsoft.NET.Sdk.Worker`). */
  sdk?: string;
  /** Ruby: gems by Bundler group (`default` for gems outside a group). */
  gemGroups?: Map<string, string[]>;
}

/** A lockfile as read: the packages it pins. */
export interface Lockfile {
  file: string;
  ecosystem: Ecosystem;
  /** Package names the lockfile pins (same normalization as Manifest.declared). */
  packages: Set<string>;
  problem?: { message: string; line?: number };
}

/** The manifests, lockfiles and build-tool wrappers of a project. */
export interface Manifests {
  manifests: Manifest[];
  lockfiles: Lockfile[];
  /** Build-tool wrappers that pin the tool's version (mvnw, gradlew). */
  wrappers: string[];
}

const LOCKFILE_NAMES: Record<string, Ecosystem> = {
  'package-lock.json': 'npm',
  'npm-shrinkwrap.json': 'npm',
  'yarn.lock': 'npm',
  'pnpm-lock.yaml': 'npm',
  'bun.lock': 'npm',
  'bun.lockb': 'npm',
  'poetry.lock': 'python',
  'uv.lock': 'python',
  'pdm.lock': 'python',
  'pylock.toml': 'python',
  'Pipfile.lock': 'python',
  'go.sum': 'go',
  'Gemfile.lock': 'ruby',
  'composer.lock': 'php',
  'packages.lock.json': 'dotnet',
  'gradle.lockfile': 'gradle',
};

/** The lockfile names of an ecosystem, for messages. */
export const LOCKFILE_HINT: Record<Ecosystem, string> = {
  npm: 'package-lock.json, yarn.lock or pnpm-lock.yaml',
  python: 'poetry.lock, uv.lock, Pipfile.lock, or a requirements.txt pinned with ==',
  go: 'go.sum',
  maven: 'fixed versions in pom.xml',
  gradle: 'gradle.lockfile (dependency locking) or fixed versions',
  ruby: 'Gemfile.lock',
  dotnet: 'fixed PackageReference versions (packages.lock.json is optional)',
  php: 'composer.lock',
};

const cache = new WeakMap<ProjectInput, Manifests>();

/** Every manifest and lockfile of the project, read once per input. */
export function readManifests(input: ProjectInput): Manifests {
  let m = cache.get(input);
  if (!m) {
    m = readAll(input);
    cache.set(input, m);
  }
  return m;
}

function readAll(input: ProjectInput): Manifests {
  const manifests: Manifest[] = [];
  const lockfiles: Lockfile[] = [];
  const wrappers: string[] = [];
  const files = new Set(input.files);
  for (const f of input.files) {
    const name = basename(f);
    const text = () => input.read(f) ?? '';
    let m: Manifest | undefined;
    if (name === 'package.json') m = packageJson(f, text());
    else if (/^requirements([-_.\w]*)\.(txt|in)$/i.test(name) || /(^|\/)requirements\/[\w.-]+\.(txt|in)$/.test(f)) m = requirementsTxt(f, input, files);
    else if (name === 'pyproject.toml') m = pyproject(f, text());
    else if (name === 'Pipfile') m = pipfile(f, text());
    else if (name === 'setup.py') m = setupPy(f, input);
    else if (name === 'go.mod') m = goMod(f, text());
    else if (name === 'pom.xml') m = pomXml(f, text());
    else if (/^build\.gradle(\.kts)?$/.test(name)) m = gradle(f, text(), input);
    else if (name === 'Gemfile') m = gemfile(f, text());
    else if (name.endsWith('.gemspec')) m = gemspec(f, text());
    else if (/\.(cs|fs|vb)proj$/.test(name)) m = csproj(f, text(), input);
    else if (name === 'composer.json') m = composerJson(f, text());
    if (m) manifests.push(m);
    const lock = LOCKFILE_NAMES[name];
    if (lock) lockfiles.push(readLockfile(f, lock, name, text));
    if (name === 'mvnw' || name === 'gradlew' || /(^|\/)\.mvn\/wrapper\/maven-wrapper\.properties$/.test(f) || /(^|\/)gradle\/wrapper\/gradle-wrapper\.properties$/.test(f)) wrappers.push(f);
  }
  return { manifests, lockfiles, wrappers };
}

/** The lockfile that pins `m`: in its folder or a parent folder (workspaces), same ecosystem. */
export function lockfileFor(m: Manifest, all: Manifests): Lockfile | undefined {
  const eco = m.ecosystem === 'maven' ? undefined : m.ecosystem;
  if (!eco) return undefined;
  let dir = dirname(m.file);
  for (;;) {
    const hit = all.lockfiles.find((l) => l.ecosystem === eco && dirname(l.file) === dir && !(eco === 'python' && basename(m.file) === 'Pipfile' && basename(l.file) !== 'Pipfile.lock'));
    if (hit) return hit;
    if (!dir) return undefined;
    dir = dirname(dir);
  }
}

function manifest(file: string, ecosystem: Ecosystem): Manifest {
  return { file, ecosystem, declared: new Set(), hasDependencies: false, unpinned: [] };
}

function readJson(text: string): { value?: Record<string, unknown>; problem?: { message: string; line?: number } } {
  try {
    const v: unknown = JSON.parse(text.replace(/^\uFEFF/, ''));
    if (!v || typeof v !== 'object' || Array.isArray(v)) return { problem: { message: 'the file must hold a JSON object' } };
    return { value: v as Record<string, unknown> };
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    const pos = /position (\d+)/.exec(msg);
    return { problem: { message: 'not valid JSON', line: pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined } };
  }
}

function keysOf(v: unknown): string[] {
  return v && typeof v === 'object' && !Array.isArray(v) ? Object.keys(v) : [];
}

// ---- npm -------------------------------------------------------------------------------------

function packageJson(file: string, text: string): Manifest {
  const m = manifest(file, 'npm');
  const { value, problem } = readJson(text);
  if (problem) return { ...m, problem };
  for (const k of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) for (const n of keysOf(value?.[k])) m.declared.add(n);
  m.hasDependencies = m.declared.size > 0;
  if (typeof value?.name === 'string') m.declared.add(value.name);
  return m;
}

// ---- Python ----------------------------------------------------------------------------------

const PEP508_NAME = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(\[[^\]]*\])?\s*(.*)$/;

/** Reads one PEP 508 requirement: its normalized name and whether it pins an exact version. */
export function parseRequirement(spec: string): { name: string; pinned: boolean } | undefined {
  const s = spec.trim();
  const m = PEP508_NAME.exec(s);
  if (!m) return undefined;
  const rest = m[3].split(';')[0].trim();
  if (rest && !/^(@|\(|[<>=!~]=?|===)/.test(rest)) return undefined;
  const pinned = rest.startsWith('@') || /(^|[\s,(])(===|==)\s*[\w.!+-]+(?![\w.*])/.test(rest);
  return { name: normalizePythonName(m[1]), pinned };
}

function requirementsTxt(file: string, input: ProjectInput, files: Set<string>, seen = new Set<string>()): Manifest {
  const m = manifest(file, 'python');
  seen.add(file);
  const text = input.read(file) ?? '';
  const constrained = new Set<string>();
  // Backslash continuations join lines, as pip reads them.
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.replace(/(^|\s)#.*$/, '').trim();
    if (!line) return;
    if (line.startsWith('-')) {
      const opt = /^(-r|--requirement|-c|--constraint)\s*=?\s*(\S+)/.exec(line);
      if (opt) {
        const target = dirname(file) ? `${dirname(file)}/${opt[2]}` : opt[2];
        const norm = normalizePath(target);
        if (files.has(norm) && !seen.has(norm)) {
          const inc = requirementsTxt(norm, input, files, seen);
          for (const d of inc.declared) m.declared.add(d);
          if (opt[1].startsWith('-r') || opt[1] === '--requirement') {
            m.unpinned.push(...inc.unpinned);
            m.hasDependencies ||= inc.hasDependencies;
          } else {
            // A constraints file pins what it lists without declaring it.
            for (const d of inc.declared) if (!inc.unpinned.includes(d)) constrained.add(d);
          }
        }
        return;
      }
      // `-e .` / `-e path` installs a local project: its own manifest declares the rest.
      const egg = /#egg=([\w.-]+)/.exec(raw);
      if (egg) m.declared.add(normalizePythonName(egg[1]));
      if (/^(-e|--editable)\s/.test(line)) m.partial = true;
      return;
    }
    if (/^(\.|\/|[a-z+]+:\/\/)/i.test(line)) {
      const egg = /#egg=([\w.-]+)/.exec(raw);
      if (egg) m.declared.add(normalizePythonName(egg[1]));
      else m.partial = true;
      return;
    }
    const r = parseRequirement(line.replace(/\s--hash[= ]\S+/g, ''));
    if (!r) {
      m.problem ??= { message: `"${line.length > 60 ? line.slice(0, 60) + '…' : line}" is not a requirement`, line: i + 1 };
      return;
    }
    m.declared.add(r.name);
    m.hasDependencies = true;
    if (!r.pinned && !/--hash[= ]/.test(raw)) m.unpinned.push(r.name);
  });
  m.unpinned = m.unpinned.filter((n) => !constrained.has(n));
  m.selfPinned = m.unpinned.length === 0 && m.hasDependencies;
  return m;
}

function normalizePath(p: string): string {
  const out: string[] = [];
  for (const part of p.split('/')) {
    if (part === '..') out.pop();
    else if (part && part !== '.') out.push(part);
  }
  return out.join('/');
}

function tomlProblem(r: { error: string; line: number }): { message: string; line: number } {
  return { message: `not valid TOML: ${r.error}`, line: r.line };
}

function tableAt(t: TomlValue | undefined, ...path: string[]): TomlTable | undefined {
  let cur = t;
  for (const k of path) {
    if (!cur || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = cur[k];
  }
  return cur && typeof cur === 'object' && !Array.isArray(cur) ? cur : undefined;
}

function addPep508List(m: Manifest, list: TomlValue | undefined): void {
  if (!Array.isArray(list)) return;
  for (const item of list) {
    if (typeof item !== 'string') continue;
    const r = parseRequirement(item);
    if (!r) {
      m.problem ??= { message: `"${item}" is not a requirement` };
      continue;
    }
    m.declared.add(r.name);
    m.hasDependencies = true;
  }
}

function pyproject(file: string, text: string): Manifest | undefined {
  const m = manifest(file, 'python');
  const r = parseToml(text);
  if (!r.ok) return { ...m, problem: tomlProblem(r) };
  const doc = r.value;
  const project = tableAt(doc, 'project');
  const poetry = tableAt(doc, 'tool', 'poetry');
  if (!project && !poetry) return undefined; // tool settings only: not a dependency manifest
  if (project) {
    if (typeof project.name === 'string') m.declared.add(normalizePythonName(project.name));
    addPep508List(m, project.dependencies);
    for (const v of Object.values(tableAt(project, 'optional-dependencies') ?? {})) addPep508List(m, v);
    if (Array.isArray(project.dynamic) && project.dynamic.includes('dependencies')) m.partial = true;
  }
  for (const v of Object.values(tableAt(doc, 'dependency-groups') ?? {})) addPep508List(m, v);
  addPep508List(m, tableAt(doc, 'tool', 'uv')?.['dev-dependencies']);
  for (const v of Object.values(tableAt(doc, 'tool', 'pdm', 'dev-dependencies') ?? {})) addPep508List(m, v);
  if (poetry) {
    if (typeof poetry.name === 'string') m.declared.add(normalizePythonName(poetry.name));
    const tables = [tableAt(poetry, 'dependencies'), tableAt(poetry, 'dev-dependencies'), ...Object.values(tableAt(poetry, 'group') ?? {}).map((g) => tableAt(g, 'dependencies'))];
    for (const t of tables) {
      for (const k of Object.keys(t ?? {})) {
        if (k.toLowerCase() === 'python') continue;
        m.declared.add(normalizePythonName(k));
        m.hasDependencies = true;
      }
    }
  }
  return m;
}

function pipfile(file: string, text: string): Manifest {
  const m = manifest(file, 'python');
  const r = parseToml(text);
  if (!r.ok) return { ...m, problem: tomlProblem(r) };
  for (const section of ['packages', 'dev-packages']) {
    for (const k of Object.keys(tableAt(r.value, section) ?? {})) {
      m.declared.add(normalizePythonName(k));
      m.hasDependencies = true;
    }
  }
  return m;
}

function setupPy(file: string, input: ProjectInput): Manifest {
  const m = manifest(file, 'python');
  const s = input.results.get(file)?.summary;
  if (!s?.setupRequires) {
    m.partial = true;
    return m;
  }
  for (const spec of s.setupRequires) {
    const r = parseRequirement(spec);
    if (r) {
      m.declared.add(r.name);
      m.hasDependencies = true;
    }
  }
  return m;
}

// ---- Go --------------------------------------------------------------------------------------

/** go.mod: the module path and the required modules (direct and indirect). */
function goMod(file: string, text: string): Manifest {
  const m = manifest(file, 'go');
  const DIRECTIVES = new Set(['module', 'go', 'toolchain', 'require', 'replace', 'exclude', 'retract', 'godebug', 'tool', 'ignore']);
  let block: string | undefined;
  text.split(/\r?\n/).forEach((raw, i) => {
    const line = stripGoComment(raw).trim();
    if (!line) return;
    if (block) {
      if (line === ')') {
        block = undefined;
        return;
      }
      if (block === 'require') requireLine(m, line, i + 1);
      return;
    }
    const [word, ...rest] = line.split(/\s+/);
    if (!DIRECTIVES.has(word)) {
      m.problem ??= { message: `unknown directive "${word}"`, line: i + 1 };
      return;
    }
    if (rest[0] === '(') {
      block = word;
      return;
    }
    if (word === 'module') m.goModule = unquoteGo(rest[0] ?? '');
    else if (word === 'require') requireLine(m, rest.join(' '), i + 1);
  });
  if (block) m.problem ??= { message: `unclosed "${block} (" block` };
  if (!m.goModule && !m.problem) m.problem = { message: 'no module directive' };
  if (m.goModule) m.declared.add(m.goModule);
  return m;
}

function stripGoComment(line: string): string {
  const i = line.indexOf('//');
  return i < 0 ? line : line.slice(0, i);
}

function unquoteGo(s: string): string {
  return s.replace(/^["`]|["`]$/g, '');
}

function requireLine(m: Manifest, line: string, lineNo: number): void {
  const [path, version] = line.split(/\s+/);
  if (!path || !version) {
    m.problem ??= { message: `"${line}" is not a module path and version`, line: lineNo };
    return;
  }
  m.declared.add(unquoteGo(path));
  m.hasDependencies = true;
}

// ---- Java ------------------------------------------------------------------------------------

const XML_OPTIONS = { ignoreAttributes: false, attributeNamePrefix: '@', parseTagValue: false, parseAttributeValue: false, trimValues: true, processEntities: true, htmlEntities: false };

function parseXml(text: string): { doc?: Record<string, unknown>; problem?: { message: string; line?: number } } {
  const source = text.replace(/^\uFEFF/, '');
  const valid = XMLValidator.validate(source);
  if (valid !== true) return { problem: { message: `not valid XML: ${valid.err.msg}`, line: valid.err.line } };
  try {
    return { doc: new XMLParser(XML_OPTIONS).parse(source) as Record<string, unknown> };
  } catch (e) {
    return { problem: { message: `not valid XML: ${e instanceof Error ? e.message : String(e)}` } };
  }
}

function asList(v: unknown): unknown[] {
  return v === undefined || v === null || v === '' ? [] : Array.isArray(v) ? v : [v];
}

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function str(v: unknown): string | undefined {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  const o = obj(v);
  return typeof o['#text'] === 'string' ? o['#text'].trim() : undefined;
}

/** A version that is not one fixed version: a range, LATEST/RELEASE, a dynamic `+`, or a floating `*`. */
function isDynamicVersion(v: string): boolean {
  return /^[[(]|[\])]$|^(LATEST|RELEASE)$|\+$|^latest\.|\*/.test(v.trim());
}

function pomXml(file: string, text: string): Manifest {
  const m = manifest(file, 'maven');
  const { doc, problem } = parseXml(text);
  if (problem) return { ...m, problem };
  const project = obj(doc?.project);
  if (!doc?.project) return { ...m, problem: { message: 'no <project> element' } };
  const parent = obj(project.parent);
  const managed = !!project.parent || !!project.dependencyManagement;
  if (str(parent.artifactId) === 'spring-boot-starter-parent') m.springBootVersion = str(parent.version);
  const deps = asList(obj(project.dependencies).dependency);
  for (const d of deps.map(obj)) {
    const id = `${str(d.groupId) ?? ''}:${str(d.artifactId) ?? ''}`;
    m.declared.add(id);
    m.hasDependencies = true;
    const version = str(d.version);
    if (version ? isDynamicVersion(version) : !managed) m.unpinned.push(id);
  }
  for (const d of asList(obj(obj(project.dependencyManagement).dependencies).dependency).map(obj)) {
    if (str(d.artifactId) === 'spring-boot-dependencies' && !m.springBootVersion) m.springBootVersion = str(d.version);
  }
  if (m.springBootVersion?.startsWith('${')) {
    const key = m.springBootVersion.slice(2, -1);
    m.springBootVersion = str(obj(project.properties)[key]);
  }
  return m;
}

/** Gradle build script: `group:artifact:version` coordinates, map notation, and the Spring Boot plugin version. */
function gradle(file: string, text: string, input: ProjectInput): Manifest {
  const m = manifest(file, 'gradle');
  const { tokens, error } = lexDsl(text, 'groovy');
  if (error) m.problem = { message: error.message, line: error.line };
  const CONFIGURATIONS = /^(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|annotationProcessor|developmentOnly|kapt|compile|runtime|classpath)$/;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'ident' && t.value === 'id') {
      // id 'org.springframework.boot' version '3.4.1'  |  id("org.springframework.boot") version "3.4.1"
      const s = nextOfKind(tokens, i + 1, 'string', 2);
      if (s?.tok.kind === 'string' && s.tok.value === 'org.springframework.boot') {
        const v = tokens.slice(s.at + 1, s.at + 4);
        const vi = v.findIndex((x) => x.kind === 'ident' && x.value === 'version');
        const vs = vi >= 0 ? v[vi + 1] : undefined;
        if (vs?.kind === 'string') m.springBootVersion = vs.value;
      }
    }
    if (t.kind === 'ident' && CONFIGURATIONS.test(t.value)) {
      const s = nextOfKind(tokens, i + 1, 'string', 2);
      if (!s || s.tok.kind !== 'string') continue;
      const parts = s.tok.value.split(':');
      if (parts.length >= 2 && parts.every((p) => p && !/\s/.test(p))) {
        const id = `${parts[0]}:${parts[1]}`;
        m.declared.add(id);
        m.hasDependencies = true;
        if (parts[2] && !s.tok.interpolated && isDynamicVersion(parts[2])) m.unpinned.push(id);
      }
    }
  }
  // A version catalog beside the build holds the versions the build refers to as `libs.…`.
  const catalog = `${dirname(file) ? dirname(file) + '/' : ''}gradle/libs.versions.toml`;
  const catalogText = input.read(catalog);
  if (catalogText !== undefined) {
    const r = parseToml(catalogText);
    if (!r.ok) m.problem ??= { message: `${catalog} is ${tomlProblem(r).message}`, line: r.line };
    else {
      const versions = tableAt(r.value, 'versions') ?? {};
      for (const [alias, lib] of Object.entries(tableAt(r.value, 'libraries') ?? {})) {
        const module = typeof lib === 'string' ? lib.split(':').slice(0, 2).join(':') : typeof obj(lib).module === 'string' ? String(obj(lib).module) : `${str(obj(lib).group) ?? ''}:${str(obj(lib).name) ?? alias}`;
        m.declared.add(module);
        m.hasDependencies = true;
        const v = typeof lib === 'string' ? lib.split(':')[2] : typeof obj(lib).version === 'string' ? String(obj(lib).version) : undefined;
        if (v && isDynamicVersion(v)) m.unpinned.push(module);
      }
      for (const p of Object.values(tableAt(r.value, 'plugins') ?? {})) {
        const po = obj(p);
        if (po.id !== 'org.springframework.boot') continue;
        const ref = obj(po.version).ref;
        m.springBootVersion ??= typeof po.version === 'string' ? po.version : typeof ref === 'string' && typeof versions[ref] === 'string' ? String(versions[ref]) : undefined;
      }
    }
  }
  return m;
}

function nextOfKind(tokens: DslToken[], from: number, kind: DslToken['kind'], within: number): { tok: DslToken; at: number } | undefined {
  for (let j = from; j < Math.min(tokens.length, from + within); j++) {
    if (tokens[j].kind === kind) return { tok: tokens[j], at: j };
    if (tokens[j].kind === 'end') return undefined;
  }
  return undefined;
}

// ---- Ruby ------------------------------------------------------------------------------------

const BLOCK_OPENERS = new Set(['if', 'unless', 'while', 'until', 'case', 'begin', 'def', 'class', 'module']);

/** Gemfile: `gem "name"` statements, with their Bundler groups (`group :x do … end`, `group: :x`). */
function gemfile(file: string, text: string): Manifest {
  const m = manifest(file, 'ruby');
  const groups = new Map<string, string[]>();
  const { tokens, error } = lexDsl(text, 'ruby');
  if (error) m.problem = { message: error.message, line: error.line };
  const stack: (string[] | undefined)[] = [];
  let statementStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'end') {
      statementStart = true;
      continue;
    }
    const atStart = statementStart;
    statementStart = false;
    if (t.kind !== 'ident') continue;
    if (t.value === 'end') {
      if (stack.length === 0) m.problem ??= { message: 'an "end" without a block', line: t.line };
      stack.pop();
      continue;
    }
    if (t.value === 'do') {
      stack.push(undefined);
      continue;
    }
    if (atStart && BLOCK_OPENERS.has(t.value)) {
      stack.push(undefined);
      continue;
    }
    if (atStart && t.value === 'group') {
      // group :development, :test do
      const names: string[] = [];
      let j = i + 1;
      for (; j < tokens.length && tokens[j].kind !== 'end'; j++) {
        const x = tokens[j];
        if (x.kind === 'symbol' || x.kind === 'string') names.push(x.value);
        if (x.kind === 'ident' && x.value === 'do') break;
      }
      if (tokens[j]?.kind === 'ident' && (tokens[j] as { value: string }).value === 'do') {
        stack.push(names);
        i = j;
      }
      continue;
    }
    if (atStart && t.value === 'gemspec') {
      m.partial = true;
      continue;
    }
    if (atStart && t.value === 'gem') {
      let j = i + 1;
      if (tokens[j]?.kind === 'punct' && (tokens[j] as { value: string }).value === '(') j++;
      const nameTok = tokens[j];
      if (nameTok?.kind !== 'string') {
        m.problem ??= { message: 'a gem without a quoted name', line: t.line };
        continue;
      }
      const gemGroups: string[] = [];
      for (const g of stack) if (g) gemGroups.push(...g);
      // Options: group: :test / groups: [:a, :b] / :group => :test
      for (let k = j + 1; k < tokens.length && tokens[k].kind !== 'end'; k++) {
        const x = tokens[k];
        const isGroupKey = (x.kind === 'label' && /^groups?$/.test(x.value)) || (x.kind === 'symbol' && /^groups?$/.test(x.value) && tokens[k + 1]?.kind === 'punct');
        if (!isGroupKey) continue;
        for (let q = k + 1; q < tokens.length && tokens[q].kind !== 'end' && tokens[q].kind !== 'label'; q++) {
          const y = tokens[q];
          if (y.kind === 'symbol' || y.kind === 'string') gemGroups.push(y.value);
          else if (y.kind === 'words') gemGroups.push(...y.values);
          else if (y.kind === 'punct' && y.value === ',' && tokens[q + 1]?.kind !== 'symbol' && tokens[q + 1]?.kind !== 'string') break;
        }
      }
      m.declared.add(nameTok.value);
      m.hasDependencies = true;
      for (const g of gemGroups.length ? gemGroups : ['default']) {
        const list = groups.get(g) ?? [];
        list.push(nameTok.value);
        groups.set(g, list);
      }
    }
  }
  if (stack.length && !m.problem) m.problem = { message: 'a block is not closed with "end"' };
  m.gemGroups = groups;
  return m;
}

function gemspec(file: string, text: string): Manifest {
  const m = manifest(file, 'ruby');
  const { tokens, error } = lexDsl(text, 'ruby');
  if (error) m.problem = { message: error.message, line: error.line };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.kind === 'ident' && /^add_(runtime_|development_)?dependency$/.test(t.value)) {
      const s = nextOfKind(tokens, i + 1, 'string', 2);
      if (s?.tok.kind === 'string') {
        m.declared.add(s.tok.value);
        m.hasDependencies = true;
      }
    } else if (t.kind === 'ident' && t.value === 'name' && tokens[i + 1]?.kind === 'punct' && (tokens[i + 1] as { value: string }).value === '=' && tokens[i + 2]?.kind === 'string') {
      m.declared.add((tokens[i + 2] as { value: string }).value);
    }
  }
  return m;
}

// ---- .NET ------------------------------------------------------------------------------------

function csproj(file: string, text: string, input: ProjectInput): Manifest {
  const m = manifest(file, 'dotnet');
  const { doc, problem } = parseXml(text);
  if (problem) return { ...m, problem };
  const project = obj(doc?.Project);
  if (!doc?.Project) return { ...m, problem: { message: 'no <Project> element' } };
  m.sdk = str(project['@Sdk']);
  const central = centralVersions(file, input);
  for (const group of asList(project.ItemGroup).map(obj)) {
    for (const ref of asList(group.PackageReference).map(obj)) {
      const name = str(ref['@Include']) ?? str(ref['@Update']);
      if (!name) continue;
      m.declared.add(name);
      m.hasDependencies = true;
      const version = str(ref['@Version']) ?? str(ref.Version) ?? str(ref['@VersionOverride']) ?? central.get(name);
      if (version === undefined || isDynamicVersion(version)) m.unpinned.push(name);
    }
  }
  return m;
}

/** Central package management: versions from the nearest Directory.Packages.props. */
function centralVersions(file: string, input: ProjectInput): Map<string, string> {
  const out = new Map<string, string>();
  let dir = dirname(file);
  for (;;) {
    const props = input.read(dir ? `${dir}/Directory.Packages.props` : 'Directory.Packages.props');
    if (props !== undefined) {
      const { doc } = parseXml(props);
      for (const group of asList(obj(doc?.Project).ItemGroup).map(obj)) {
        for (const pv of asList(group.PackageVersion).map(obj)) {
          const name = str(pv['@Include']);
          const version = str(pv['@Version']);
          if (name && version) out.set(name, version);
        }
      }
      return out;
    }
    if (!dir) return out;
    dir = dirname(dir);
  }
}

// ---- PHP -------------------------------------------------------------------------------------

function composerJson(file: string, text: string): Manifest {
  const m = manifest(file, 'php');
  const { value, problem } = readJson(text);
  if (problem) return { ...m, problem };
  for (const k of ['require', 'require-dev']) {
    for (const n of keysOf(value?.[k])) {
      if (n === 'php' || /^(ext|lib)-/.test(n) || n === 'composer-plugin-api' || n === 'composer-runtime-api') continue;
      m.declared.add(n.toLowerCase());
      m.hasDependencies = true;
    }
  }
  return m;
}

// ---- lockfiles -------------------------------------------------------------------------------

function readLockfile(file: string, ecosystem: Ecosystem, name: string, text: () => string): Lockfile {
  const l: Lockfile = { file, ecosystem, packages: new Set() };
  if (name === 'poetry.lock' || name === 'uv.lock' || name === 'pdm.lock' || name === 'pylock.toml') {
    const r = parseToml(text());
    if (!r.ok) l.problem = tomlProblem(r);
    else for (const p of Array.isArray(r.value.package) ? r.value.package : []) if (typeof obj(p).name === 'string') l.packages.add(normalizePythonName(String(obj(p).name)));
  } else if (name === 'Pipfile.lock') {
    const { value, problem } = readJson(text());
    if (problem) l.problem = problem;
    for (const k of ['default', 'develop']) for (const n of keysOf(value?.[k])) l.packages.add(normalizePythonName(n));
  } else if (name === 'Gemfile.lock') {
    // Bundler's format: `    name (version)` under `specs:` (four spaces), dependencies at six.
    for (const line of text().split(/\r?\n/)) {
      const m = /^ {4}([A-Za-z0-9_.-]+) \(/.exec(line);
      if (m) l.packages.add(m[1]);
    }
  } else if (name === 'go.sum') {
    for (const line of text().split(/\r?\n/)) {
      const [path] = line.trim().split(/\s+/);
      if (path) l.packages.add(path);
    }
  } else if (name === 'composer.lock') {
    const { value, problem } = readJson(text());
    if (problem) l.problem = problem;
    for (const k of ['packages', 'packages-dev']) for (const p of asList(value?.[k])) if (typeof obj(p).name === 'string') l.packages.add(String(obj(p).name).toLowerCase());
  }
  return l;
}
