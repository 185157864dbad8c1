/**
 * Procfile adapter (Heroku, Dokku, foreman, honcho): one process type per line, `web: node server.js`.
 * Each command is split into words as the shell that runs it would (languages/shell.ts).
 */
import type { Property, SourceModel } from '../model';
import { ConfigModelBuilder, placeholderIdioms } from './config';
import { splitShellWords } from './shell';

const PROCESS_TYPE = /^[A-Za-z0-9_-]+$/;

/** Builds the model of a Procfile: `commands` holds one shell command line per process type. */
export function buildProcfileModel(text: string): SourceModel {
  const b = new ConfigModelBuilder(text, { envReads: false });
  const props: Property[] = [];
  const starts = b.lineStarts;
  for (let l = 0; l < starts.length; l++) {
    const lineStart = starts[l];
    let lineEnd = l + 1 < starts.length ? starts[l + 1] : text.length;
    while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
    let i = lineStart;
    while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
    if (i === lineEnd) continue;
    if (text[i] === '#') {
      b.comment({ start: i, end: lineEnd }, text.slice(i + 1, lineEnd));
      continue;
    }
    const colon = text.indexOf(':', i);
    const name = colon > 0 && colon < lineEnd ? text.slice(i, colon) : '';
    if (!PROCESS_TYPE.test(name)) {
      b.hasErrors = true;
      continue;
    }
    let cmdStart = colon + 1;
    while (cmdStart < lineEnd && (text[cmdStart] === ' ' || text[cmdStart] === '\t')) cmdStart++;
    const span = { start: cmdStart, end: lineEnd };
    const split = splitShellWords(text, cmdStart, lineEnd);
    if (split.hasErrors) b.hasErrors = true;
    for (const r of split.envRefs) b.envRead(r.name, r.span);
    b.commands.push({ label: name, form: 'shell', args: split.args, span });
    props.push({ key: name, keySpan: { start: i, end: colon }, value: { kind: 'string', value: text.slice(cmdStart, lineEnd), span }, span: { start: i, end: lineEnd } });
  }
  b.documents.push({ kind: 'object', props, span: { start: 0, end: text.length } });
  return b.build('procfile', 'deploy', placeholderIdioms({ env: (n) => `$${n}`, envWithDefault: (n, f) => `\${${n}:-${f}}`, lineComment: '#' }));
}
