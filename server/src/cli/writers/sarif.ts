/**
 * SARIF 2.1.0, for GitHub code scanning and other viewers: every rule in `tool.driver.rules` with
 * its factor, tags and documentation link; results with relative locations (`%SRCROOT%` is the
 * current directory), regions counted in UTF-16 code units, and fingerprints that never hold a
 * secret in clear. Files that were not checked become tool execution notifications.
 */
import { pathToFileURL } from 'node:url';
import { ruleDocsUrl, REPOSITORY_URL } from '../../engine/docs';
import { factorInfo } from '../../engine/factors';
import { RULES } from '../../engine/rules';
import type { Rule, Severity } from '../../engine/types';
import type { CheckReport } from '../report';

/** The SARIF 2.1.0 JSON schema, named in `$schema`. */
export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';

/** The fingerprint's key: versioned, so that a change in how it is computed is not mistaken for new results. */
export const FINGERPRINT_KEY = 'twelveFactor/v1';

/** What the SARIF writer needs besides the report. */
export interface SarifOptions {
  /** Tool version (from package.json). */
  version: string;
  /** The folder relative URIs are resolved from (the current directory). */
  cwd: string;
  /** Rules to describe; all rules by default. */
  rules?: readonly Rule[];
}

type SarifLevel = 'error' | 'warning' | 'note';

function level(severity: Severity): SarifLevel {
  return severity === 'error' ? 'error' : severity === 'warning' ? 'warning' : 'note';
}

/** A relative URI reference for a forward-slash path (each segment percent-encoded). */
function relativeUri(file: string): string {
  return file.split('/').map((s) => (s === '..' || s === '.' ? s : encodeURIComponent(s))).join('/');
}

/** The report as a SARIF log object. */
export function toSarif(report: CheckReport, options: SarifOptions): Record<string, unknown> {
  const rules = options.rules ?? RULES;
  const index = new Map(rules.map((r, i) => [r.meta.id, i]));
  const srcRoot = pathToFileURL(options.cwd).href.replace(/\/?$/, '/');
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'Twelve-Factor Guide',
            version: options.version,
            semanticVersion: options.version,
            informationUri: REPOSITORY_URL,
            rules: rules.map((r) => {
              const factor = factorInfo(r.meta.factor);
              return {
                id: r.meta.id,
                name: r.meta.id,
                shortDescription: { text: r.meta.description },
                fullDescription: { text: `${r.meta.description} Factor ${factor.roman} (${factor.title}): ${factor.summary}` },
                helpUri: ruleDocsUrl(r.meta.id),
                help: { text: `See ${ruleDocsUrl(r.meta.id)} and ${factor.url}.` },
                defaultConfiguration: { level: level(r.meta.defaultSeverity) },
                properties: {
                  factor: r.meta.factor,
                  tags: ['twelve-factor', `factor-${factor.roman}`, factor.title.toLowerCase().replace(/[^a-z]+/g, '-')],
                },
              };
            }),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: srcRoot } },
        columnKind: 'utf16CodeUnits',
        invocations: [
          {
            executionSuccessful: !report.notices.some((n) => n.kind === 'error'),
            toolExecutionNotifications: report.notices.map((n) => ({
              level: n.kind === 'error' ? 'error' : 'note',
              message: { text: n.message },
              locations: [{ physicalLocation: { artifactLocation: { uri: relativeUri(n.file), uriBaseId: '%SRCROOT%' } } }],
            })),
          },
        ],
        results: report.findings.map(({ file, finding: f, fingerprint }) => ({
          ruleId: f.ruleId,
          ...(index.has(f.ruleId) ? { ruleIndex: index.get(f.ruleId) } : {}),
          level: level(f.severity),
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(file), uriBaseId: '%SRCROOT%' },
                region: {
                  startLine: f.range.start.line + 1,
                  startColumn: f.range.start.character + 1,
                  endLine: f.range.end.line + 1,
                  endColumn: f.range.end.character + 1,
                },
              },
            },
          ],
          partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
          properties: { factor: f.factor },
        })),
      },
    ],
  };
}

/** Writes the report as a SARIF log. */
export function writeSarif(report: CheckReport, options: SarifOptions): string {
  return JSON.stringify(toSarif(report, options), null, 2) + '\n';
}
