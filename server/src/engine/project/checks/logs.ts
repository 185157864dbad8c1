/**
 * logs (Factor XI): logs are event streams on stdout. Evidence: the file-logging findings.
 */
import type { Evidence, ProjectCheck } from '../types';
import { analysedFiles, findingEvidence, pluralSubject } from './util';

const check: ProjectCheck = {
  meta: { id: 'logs', factor: 11, description: 'Logs are written to stdout as event streams, not to files.' },
  run(input) {
    const evidence: Evidence[] = findingEvidence(input, 11);
    if (evidence.length) return { status: 'fail', reason: `${pluralSubject(evidence.length, 'logger', 'write')} to files.`, evidence };
    if (analysedFiles(input).length === 0) return { status: 'unchecked', reason: 'No source files were analysed.', evidence };
    return { status: 'pass', reason: 'No file logging found.', evidence };
  },
};
export default check;
