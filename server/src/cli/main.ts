/**
 * `twelve-factor check [paths…]`: the engine of the language server, run over files and folders,
 * with text, JSON, SARIF or Markdown output and exit codes for CI (see exit.ts).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { factorInfo } from '../engine/factors';
import { RULES } from '../engine/rules';
import { parseArgs, USAGE, UsageError, type Command } from './args';
import { applyBaseline, BASELINE_FILE, baselineEntries, BaselineError, readBaseline, writeBaseline } from './baseline';
import { defaultCheckOptions, describeError, InternalError, MissingPathError, runCheck, type CheckOptions } from './check';
import { ExitCode } from './exit';
import { countBySeverity, type CheckReport } from './report';
import { VERSION } from './version';
import { writeJson } from './writers/json';
import { writeMarkdown } from './writers/markdown';
import { writeSarif } from './writers/sarif';
import { writeText } from './writers/text';

type CheckCommand = Extract<Command, { kind: 'check' }>;

/** What the process talks to; tests of the bundle use the real streams. */
interface Io {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: { write(s: string): unknown; isTTY?: boolean };
  stderr: { write(s: string): unknown };
}

/** Runs the CLI and returns its exit code. Never throws. */
async function main(argv: readonly string[], io: Io): Promise<ExitCode> {
  const fail = (message: string) => {
    io.stderr.write(`twelve-factor: ${message}\n`);
    return ExitCode.Error;
  };
  let command: Command;
  try {
    command = parseArgs(argv, RULES.map((r) => r.meta.id));
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr.write(`twelve-factor: ${e.message}\n\n${USAGE}\n`);
      return ExitCode.Error;
    }
    return fail(`internal error: ${describeError(e)}`);
  }
  if (command.kind === 'help') {
    io.stdout.write(USAGE + '\n');
    return ExitCode.Clean;
  }
  if (command.kind === 'version') {
    io.stdout.write(VERSION + '\n');
    return ExitCode.Clean;
  }

  // runCheck reads each project's .twelve-factor.json and puts these options above it: a --rule
  // wins over the file's level for that rule, --include-tests over its includeTests.
  const options: CheckOptions = {
    ...defaultCheckOptions(io.cwd),
    paths: command.paths,
    includeTests: command.includeTests ? true : undefined,
    rules: command.rules,
    checklist: command.format === 'json' || command.format === 'markdown' || command.failOnChecklist,
  };

  let report: CheckReport;
  try {
    report = await runCheck(options);
  } catch (e) {
    if (e instanceof MissingPathError) return fail(e.message.split('\n').join('\ntwelve-factor: '));
    if (e instanceof InternalError) return fail(e.message);
    return fail(`internal error: ${describeError(e)}`);
  }

  // About the run itself, so shown even with --quiet: a project file that cannot be used is not a
  // reason to fail, but nobody should believe their settings apply when they do not.
  for (const m of report.messages) io.stderr.write(`twelve-factor: ${m}\n`);

  // The baseline holds every finding at its level (info and hint too, whatever --quiet hides).
  const root = report.root ?? io.cwd;
  const baselineFile = (given: string | undefined) => {
    const absolute = given === undefined ? path.join(root, BASELINE_FILE) : path.resolve(io.cwd, given);
    return { absolute, shown: path.relative(io.cwd, absolute).split(path.sep).join('/') || absolute };
  };
  if (command.writeBaseline) {
    const target = baselineFile(command.writeBaseline.file);
    try {
      writeBaseline(target.absolute, target.shown, baselineEntries(report.findings, io.cwd, root));
    } catch (e) {
      return fail(e instanceof BaselineError ? e.message : `internal error while writing the baseline: ${describeError(e)}`);
    }
    for (const n of report.notices) {
      if (!command.quiet || n.kind === 'error') io.stderr.write(`twelve-factor: ${n.file}: ${n.message}\n`);
    }
    const count = report.findings.length;
    io.stdout.write(`Wrote ${count} ${count === 1 ? 'finding' : 'findings'} to the baseline ${target.shown}.\n`);
    return ExitCode.Clean;
  }
  let baseline: BaselineSummary | undefined;
  if (command.baseline) {
    const source = baselineFile(command.baseline.file);
    try {
      const { kept, suppressed } = applyBaseline(report.findings, readBaseline(source.absolute, source.shown), io.cwd, root);
      report = { ...report, findings: kept };
      baseline = { file: source.shown, suppressed };
    } catch (e) {
      return fail(e instanceof BaselineError ? e.message : `internal error while reading the baseline: ${describeError(e)}`);
    }
  }

  if (command.quiet) {
    report = { ...report, findings: report.findings.filter((f) => f.finding.severity === 'error' || f.finding.severity === 'warning') };
  }
  for (const n of report.notices) {
    if (!command.quiet || n.kind === 'error') io.stderr.write(`twelve-factor: ${n.file}: ${n.message}\n`);
  }
  if (report.filesChecked === 0 && report.notices.length === 0 && !command.quiet) {
    io.stderr.write(`twelve-factor: no files to check in ${command.paths.length ? command.paths.join(', ') : 'the current directory'}.\n`);
  }

  let output: string;
  try {
    output = format(report, command, io, baseline);
  } catch (e) {
    return fail(`internal error while writing the report: ${describeError(e)}`);
  }
  if (command.output) {
    const target = path.resolve(io.cwd, command.output);
    try {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, output);
    } catch (e) {
      return fail(`cannot write ${command.output}: ${(e as NodeJS.ErrnoException).code ?? describeError(e)}`);
    }
  } else {
    io.stdout.write(output);
  }

  const fromFindings = exitCodeOf(report, command, io);
  if (command.failOnChecklist && report.checklist) {
    const failing = report.checklist.entries.filter((e) => e.status === 'fail');
    if (failing.length) {
      const names = failing.map((e) => `${factorInfo(e.factor).roman} (${e.title})`).join(', ');
      io.stderr.write(`twelve-factor: the checklist of ${report.checklist.name} has ${failing.length === 1 ? 'a failing factor' : `${failing.length} failing factors`}: ${names}.\n`);
      return ExitCode.Findings;
    }
  }
  return fromFindings;
}

/** 1 for a finding at error, or warnings beyond --max-warnings (any warning without it); else 0. */
function exitCodeOf(report: CheckReport, command: CheckCommand, io: Io): ExitCode {
  const counts = countBySeverity(report.findings);
  if (counts.error > 0) return ExitCode.Findings;
  if (command.maxWarnings !== undefined) {
    if (counts.warning > command.maxWarnings) {
      io.stderr.write(`twelve-factor: too many warnings (${counts.warning}, maximum ${command.maxWarnings}).\n`);
      return ExitCode.Findings;
    }
    return ExitCode.Clean;
  }
  return counts.warning > 0 ? ExitCode.Findings : ExitCode.Clean;
}

/** What --baseline left out: the baseline file (as shown) and how many findings it covered. */
interface BaselineSummary {
  file: string;
  suppressed: number;
}

/** The report in its format; `baseline` is set with --baseline, after the baselined findings were removed. */
function format(report: CheckReport, command: CheckCommand, io: Io, baseline: BaselineSummary | undefined): string {
  switch (command.format) {
    case 'json':
      return writeJson(report, baseline);
    case 'sarif':
      return writeSarif(report, { version: VERSION, cwd: io.cwd });
    case 'text':
      return writeText(report, { color: useColor(command, io), baseline });
    case 'markdown':
      return writeMarkdown(report, { date: new Date().toISOString().slice(0, 10) });
  }
}

/** Colors on a terminal only; NO_COLOR (https://no-color.org) and --no-color win over FORCE_COLOR. */
function useColor(command: CheckCommand, io: Io): boolean {
  if (command.color === false || command.output) return false;
  if (io.env.NO_COLOR) return false;
  if (io.env.FORCE_COLOR !== undefined) return io.env.FORCE_COLOR !== '0' && io.env.FORCE_COLOR !== 'false';
  return !!io.stdout.isTTY;
}

// A closed pipe (`twelve-factor check | head`) is not an error worth a stack trace.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? ExitCode.Clean);
});

main(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr }).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`twelve-factor: internal error: ${describeError(e)}\n`);
    process.exitCode = ExitCode.Error;
  },
);
