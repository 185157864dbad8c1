/**
 * no-fixed-port (Factor VII, Port binding)
 *
 * A server that listens on a port written in the code cannot be told where to bind by the platform
 * that runs it (Heroku, Cloud Run, Kubernetes, a PaaS router all hand the port in `PORT`).
 * Reported: `app.listen(3000)`, `server.listen(8080, cb)`, `fastify.listen({ port: 3000 })`,
 * `http.createServer(app).listen(3000)`, `app.set('port', 3000)`, `Bun.serve({ port })`,
 * `serve({ fetch, port })`, following a local constant to its value.
 * Quiet: a port read from the environment with a default (`process.env.PORT || 3000`), port 0
 * (an ephemeral port, as tests use), Unix socket paths, values the rule cannot know.
 */
import type { CallSite, Value } from '../../model';
import type { Rule, Span } from '../../types';
import { message, replaceFix, resolve, textOf } from '../util';

interface PortValue {
  port: number;
  /** Where the literal is written (the edit target). */
  literal: Span;
  /** Where to report (the argument as written at the call). */
  at: Span;
  /** Name of the constant the value came from. */
  via?: string;
}

function portOf(v: Value | undefined): PortValue | undefined {
  if (!v) return undefined;
  const r = resolve(v);
  if (!r) return undefined;
  let port: number | undefined;
  if (r.kind === 'number') port = r.value;
  else if (r.kind === 'string' && /^\d{1,5}$/.test(r.value)) port = Number(r.value);
  if (port === undefined || !Number.isInteger(port) || port <= 0 || port > 65535) return undefined;
  return { port, literal: r.span, at: v.span, via: v.kind === 'identifier' ? v.name : undefined };
}

/** Calls whose first argument (or its `port` property) is the port to bind. */
function portArgument(call: CallSite): Value | undefined {
  const first = call.args[0];
  if (call.name === 'listen' && call.receiver) {
    const r = resolve(first);
    if (r?.kind === 'object') return r.props.find((p) => p.key === 'port')?.value;
    return first;
  }
  if (call.name === 'set' && call.receiver && call.args.length === 2) {
    const key = resolve(first);
    if (key?.kind === 'string' && key.value === 'port') return call.args[1];
    return undefined;
  }
  if (/^(Bun\.serve|Deno\.serve|serve|Hapi\.server|Hapi\.Server|createServer)$/.test(call.callee) || (call.isNew && /(^|\.)Server$/.test(call.callee) && /Hapi/.test(call.callee))) {
    const r = resolve(first);
    if (r?.kind === 'object') return r.props.find((p) => p.key === 'port')?.value;
  }
  return undefined;
}

const rule: Rule = {
  meta: {
    id: 'no-fixed-port',
    factor: 7,
    description: 'Reports servers that bind to a port written in the code instead of the port given by the environment.',
    defaultSeverity: 'warning',
    fixable: true,
  },
  create(ctx) {
    const { model } = ctx;
    for (const call of model.calls) {
      const port = portOf(portArgument(call));
      if (!port) continue;
      const where = port.via ? `${port.port} (from \`${port.via}\`)` : String(port.port);
      const fixed = model.idioms.envNumber('PORT', textOf(model, port.literal));
      ctx.report({
        span: port.at,
        message: message(
          7,
          `Fixed port ${where} in ${call.callee}()`,
          'the platform that runs the app assigns the port at run time and passes it in PORT.',
          `Read the port from the environment and keep ${port.port} as the local default.`,
        ),
        fixes: [replaceFix(model, `Read the port from PORT (default ${port.port})`, port.literal, fixed, { preferred: true, envVars: ['PORT'] })],
      });
    }
  },
};

export default rule;
