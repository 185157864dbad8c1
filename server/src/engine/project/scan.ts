/**
 * Analysis of one project file for the workspace scan and the CLI: findings plus the summary the
 * project checks need, from a single parse.
 */
import { buildModel, precheck, runRules, type DocumentInput } from '../analyze';
import { prepareLanguage } from '../languages';
import type { AnalyzeOptions, LocatedFinding, SkipNotice } from '../types';
import { summarize, type FileSummary } from './summary';

export interface FileAnalysis {
  findings: LocatedFinding[];
  summary?: FileSummary;
  skipped?: SkipNotice;
}

export async function analyzeForProject(input: DocumentInput, options: AnalyzeOptions = {}): Promise<FileAnalysis> {
  // Test files are not reported, but their summary still counts (a test may be the only place a
  // dependency is imported), so the precheck runs with tests included and findings are dropped after.
  const { spec, skipped } = precheck(input, { ...options, includeTests: true });
  if (skipped || !spec) return { findings: [], skipped };
  await prepareLanguage(spec);
  const built = buildModel(spec, input.text);
  if (!built) return { findings: [], skipped: { reason: 'parse-failed', message: 'Not checked: the parser gave up on this file.' } };
  try {
    const isTestSkipped = precheck(input, options).skipped?.reason === 'test-file';
    const tree = 'rootNode' in built.tree ? built.tree : undefined;
    return { findings: isTestSkipped ? [] : runRules(built.model, input.path, options), summary: summarize(built.model, tree, input.path) };
  } finally {
    built.tree.delete();
  }
}
