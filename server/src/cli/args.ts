/**
 * Command-line arguments of `twelve-factor`, parsed by hand: a dozen options do not need a
 * dependency, and every mistake gets a message that names the option.
 */
import type { RuleLevel } from '../engine/types';

/** Output formats. */
export type Format = 'text' | 'json' | 'sarif' | 'markdown';

/** The values of `--format`. */
export const FORMATS: readonly Format[] = ['text', 'json', 'sarif', 'markdown'];
const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'info', 'hint', 'off'];

/** What the command line asked for. */
export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | {
      kind: 'check';
      /** Files and folders as given; empty means the current directory. */
      paths: string[];
      format: Format;
      /** Write the report to this file instead of stdout. */
      output?: string;
      includeTests: boolean;
      /** Severity overrides from `--rule id=level`. */
      rules: Record<string, RuleLevel>;
      /** Fail only when there are more warnings than this (errors always fail). */
      maxWarnings?: number;
      /** Also fail when a factor of the checklist is failing. */
      failOnChecklist: boolean;
      quiet: boolean;
      /** False with `--no-color`; undefined lets the terminal and NO_COLOR decide. */
      color?: false;
      /** `--baseline [FILE]`: do not report the findings in this baseline (file undefined: the default). */
      baseline?: { file?: string };
      /** `--write-baseline [FILE]`: write the findings to this baseline instead of reporting them. */
      writeBaseline?: { file?: string };
    };

/** A mistake on the command line: the CLI prints the message and the usage, and exits with 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The help text (`--help`, and after every usage error). */
export const USAGE = `Usage: twelve-factor check [paths…] [options]

Checks source files against the Twelve-Factor App methodology.
Folders are walked recursively; .gitignore files are respected; node_modules, build
output, minified and binary files are skipped. With no path, the current directory.
The project file .twelve-factor.json (the nearest at or above each path, up to the git
work tree's root) sets rule levels, excludes, includeTests and sign-offs; options win.

Options:
  -f, --format FORMAT            text (default), json (findings and the checklist),
                                 sarif, or markdown (the checklist report)
  -o, --output FILE              Write the report to FILE instead of stdout
      --include-tests            Also report findings in test files and fixtures
      --rule ID=LEVEL            Set a rule's severity: error, warning, info, hint or off
                                 (repeatable), e.g. --rule no-fixed-port=off
      --max-warnings N           Fail only when there are more than N warnings
                                 (errors always fail)
      --fail-on-checklist        Also fail when a factor of the checklist is failing
      --quiet                    Report only warnings and errors, and no notices about
                                 files that were not checked
      --no-color                 No colors in the text output (also: NO_COLOR=1)
      --write-baseline [FILE]    Write the findings to a baseline file and exit 0
                                 (default FILE: .twelve-factor-baseline.json in the
                                 project root); nothing is reported
      --baseline [FILE]          Do not report the findings in the baseline file (same
                                 default): only new findings count for the exit code
                                 and --max-warnings. Put the paths before these two
                                 options, or write --baseline=FILE
  -h, --help                     Show this help
  -v, --version                  Show the version

Exit codes: 0 nothing at warning or above, 1 findings at warning or above (with
--baseline: new ones) or a failing factor with --fail-on-checklist, 2 bad arguments, a
path that does not exist, a missing or unusable baseline, or an internal error.`;

/** Options that take a value, by every spelling. */
const VALUE_OPTIONS: Record<string, string> = {
  '-f': '--format',
  '--format': '--format',
  '-o': '--output',
  '--output': '--output',
  '--rule': '--rule',
  '--max-warnings': '--max-warnings',
};

/** Options whose value is optional: `--baseline`, `--baseline FILE`, `--baseline=FILE`. */
const OPTIONAL_VALUE_OPTIONS = ['--baseline', '--write-baseline'] as const;

/** Options that make no sense with --write-baseline, which reports nothing. */
const NOT_WITH_WRITE_BASELINE = ['--format', '--output', '--max-warnings', '--fail-on-checklist', '--baseline'];

/** Parses `argv` (without `node` and the script). `knownRules` validates `--rule` ids. */
export function parseArgs(argv: readonly string[], knownRules: readonly string[]): Command {
  const end = argv.indexOf('--');
  const flags = end >= 0 ? argv.slice(0, end) : argv;
  if (flags.includes('-h') || flags.includes('--help')) return { kind: 'help' };
  if (flags.includes('-v') || flags.includes('--version')) return { kind: 'version' };
  if (argv.length === 0) throw new UsageError('missing command: try `twelve-factor check .`');
  const [command, ...rest] = argv;
  if (command !== 'check') throw new UsageError(`unknown command "${command}" (the command is \`check\`)`);

  const out: Extract<Command, { kind: 'check' }> = {
    kind: 'check',
    paths: [],
    format: 'text',
    includeTests: false,
    rules: {},
    failOnChecklist: false,
    quiet: false,
  };
  const used = new Set<string>();
  for (let i = 0; i < rest.length; i++) {
    const token = rest[i];
    if (token === '--') {
      out.paths.push(...rest.slice(i + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      out.paths.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const flag = eq > 0 && token.startsWith('--') ? token.slice(0, eq) : token;
    if ((OPTIONAL_VALUE_OPTIONS as readonly string[]).includes(flag)) {
      // The next argument is the file unless it is an option: `check . --baseline ci/baseline.json`.
      let file: string | undefined;
      if (flag !== token) file = token.slice(eq + 1);
      else if (i + 1 < rest.length && !rest[i + 1].startsWith('-')) file = rest[++i];
      if (file === '') throw new UsageError(`${flag} needs a file name after "="`);
      used.add(flag);
      if (flag === '--baseline') out.baseline = { file };
      else out.writeBaseline = { file };
      continue;
    }
    const option = VALUE_OPTIONS[flag];
    if (option) {
      used.add(option);
      let value: string;
      if (flag !== token) value = token.slice(eq + 1);
      else {
        if (i + 1 >= rest.length) throw new UsageError(`${flag} needs a value`);
        value = rest[++i];
      }
      applyValue(out, option, value, knownRules);
      continue;
    }
    if (flag !== token) throw new UsageError(`${flag} takes no value`);
    switch (token) {
      case '--include-tests':
        out.includeTests = true;
        break;
      case '--quiet':
        out.quiet = true;
        break;
      case '--fail-on-checklist':
        used.add(token);
        out.failOnChecklist = true;
        break;
      case '--no-color':
        out.color = false;
        break;
      default:
        throw new UsageError(`unknown option ${token}`);
    }
  }
  if (out.writeBaseline) {
    const clash = NOT_WITH_WRITE_BASELINE.find((o) => used.has(o));
    if (clash === '--baseline') {
      throw new UsageError('--write-baseline and --baseline cannot be used together: write the baseline once, then check with --baseline');
    }
    if (clash) throw new UsageError(`--write-baseline writes the baseline and reports nothing, so ${clash} does not apply; run the check with --baseline for that`);
  }
  return out;
}

function applyValue(out: Extract<Command, { kind: 'check' }>, option: string, value: string, knownRules: readonly string[]): void {
  switch (option) {
    case '--format':
      if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}; got "${value}"`);
      out.format = value as Format;
      return;
    case '--output':
      if (value === '') throw new UsageError('--output needs a file name');
      out.output = value;
      return;
    case '--max-warnings':
      if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings must be a whole number of 0 or more; got "${value}"`);
      out.maxWarnings = Number(value);
      return;
    case '--rule': {
      const m = /^([^=\s]+)=([^=\s]+)$/.exec(value);
      if (!m) throw new UsageError(`--rule must be ID=LEVEL, e.g. --rule no-fixed-port=off; got "${value}"`);
      const [, id, level] = m;
      if (!knownRules.includes(id)) throw new UsageError(`--rule: unknown rule "${id}" (known: ${knownRules.join(', ')})`);
      if (!(LEVELS as readonly string[]).includes(level)) throw new UsageError(`--rule ${id}: "${level}" is not one of ${LEVELS.join(', ')}`);
      out.rules[id] = level as RuleLevel;
      return;
    }
  }
}
