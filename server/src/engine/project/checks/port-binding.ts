/**
 * port-binding (Factor VII): the app binds the port the environment gives. Evidence: the fixed-port
 * findings; servers started in code; the port read from PORT in code, passed as `$PORT` by a start
 * command, or taken from the environment by the server itself (gunicorn, Puma and `rails server`
 * bind $PORT when no port is given; the .NET host binds ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS;
 * Spring Boot reads SERVER_PORT).
 */
import type { Evidence, ProjectCheck } from '../types';
import { programOf, serverOf, startCommands } from '../ecosystem/commands';
import { findingEvidence, pluralSubject } from './util';

const check: ProjectCheck = {
  meta: { id: 'port-binding', factor: 7, description: 'The service is exported by binding the port given in PORT.' },
  run(input) {
    const evidence: Evidence[] = findingEvidence(input, 7);
    const findings = evidence.length;
    let servers = 0;
    let readsPort = false;
    const platformVars = new Set<string>();
    for (const [file, r] of input.results) {
      for (const s of r.summary?.serverStarts ?? []) {
        servers++;
        evidence.push({ file, line: s.line, note: 'starts a server', kind: 'info' });
        if (s.kind === 'generic-host') {
          platformVars.add('ASPNETCORE_URLS');
          evidence.push({ file, line: s.line, note: 'the .NET host binds the URLs in ASPNETCORE_URLS / ASPNETCORE_HTTP_PORTS', kind: 'support' });
        } else if (s.portFromEnv) {
          readsPort = true;
          evidence.push({ file, line: s.line, note: `${s.call}() without an address binds $PORT`, kind: 'support' });
        } else if (s.kind === 'spring') {
          platformVars.add('SERVER_PORT');
          evidence.push({ file, line: s.line, note: 'Spring Boot takes server.port from the SERVER_PORT environment variable', kind: 'support' });
        }
      }
      const port = r.summary?.envReads.find((e) => e.name === 'PORT');
      if (port) {
        readsPort = true;
        evidence.push({ file, line: port.line, note: 'reads the port from PORT', kind: 'support' });
      }
    }
    for (const c of startCommands(input)) {
      if (c.release) continue;
      for (const sc of c.commands) {
        const p = programOf(sc);
        const server = p && serverOf(p);
        if (sc.env.includes('PORT')) {
          readsPort = true;
          evidence.push({ file: c.file, line: c.line, note: `${c.label} passes $PORT to ${p?.name ?? 'the app'}`, kind: 'support' });
        } else if (server?.role === 'web' && server.defaultPortFromEnv && !server.bindsPort) {
          readsPort = true;
          evidence.push({ file: c.file, line: c.line, note: `${c.label} runs ${server.name}, which binds $PORT when no port is given`, kind: 'support' });
        } else if (server?.role === 'web') {
          servers++;
          evidence.push({ file: c.file, line: c.line, note: `${c.label} starts ${server.name}`, kind: 'info' });
        }
      }
    }
    if (findings) return { status: 'fail', reason: `${pluralSubject(findings, 'server', 'bind')} a fixed port.`, evidence };
    if (readsPort) return { status: 'pass', reason: 'The port comes from PORT.', evidence };
    if (platformVars.size) return { status: 'pass', reason: `The port comes from the environment (${[...platformVars].join(', ')}).`, evidence };
    if (servers) return { status: 'attention', reason: 'A server starts, but the port it binds could not be traced to PORT.', evidence };
    return { status: 'n/a', reason: 'No server found: nothing binds a port.', evidence };
  },
};
export default check;
