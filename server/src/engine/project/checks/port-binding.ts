/**
 * port-binding (Factor VII): the app binds the port the environment gives. Evidence: the fixed-port
 * findings, servers started, and the port read from PORT.
 */
import type { Evidence, ProjectCheck } from '../types';
import { findingEvidence, plural } from './util';

const check: ProjectCheck = {
  meta: { id: 'port-binding', factor: 7, description: 'The service is exported by binding the port given in PORT.' },
  run(input) {
    const evidence: Evidence[] = findingEvidence(input, 7);
    const findings = evidence.length;
    let servers = 0;
    let readsPort = false;
    for (const [file, r] of input.results) {
      for (const line of r.summary?.serverStarts ?? []) {
        servers++;
        evidence.push({ file, line, note: 'starts a server', kind: 'info' });
      }
      const port = r.summary?.envReads.find((e) => e.name === 'PORT');
      if (port) {
        readsPort = true;
        evidence.push({ file, line: port.line, note: 'reads the port from PORT', kind: 'support' });
      }
    }
    if (findings) return { status: 'fail', reason: `${plural(findings, 'server')} bind a fixed port.`, evidence };
    if (readsPort) return { status: 'pass', reason: 'The port comes from PORT.', evidence };
    if (servers) return { status: 'attention', reason: 'A server starts, but the port it binds could not be traced to PORT.', evidence };
    return { status: 'n/a', reason: 'No server found: nothing binds a port.', evidence };
  },
};
export default check;
