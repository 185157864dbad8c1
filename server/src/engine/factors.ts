import type { FactorNumber } from './types';

/** One of the twelve factors, as data shared by messages, the checklist, the CLI and SARIF. */
export interface FactorInfo {
  number: FactorNumber;
  roman: string;
  title: string;
  /** One sentence on what the factor asks for. */
  summary: string;
  url: string;
}

const BASE = 'https://12factor.net/';

export const FACTORS: readonly FactorInfo[] = [
  { number: 1, roman: 'I', title: 'Codebase', summary: 'One codebase tracked in revision control, many deploys.', url: BASE + 'codebase' },
  { number: 2, roman: 'II', title: 'Dependencies', summary: 'Explicitly declare and isolate dependencies.', url: BASE + 'dependencies' },
  { number: 3, roman: 'III', title: 'Config', summary: 'Store config in the environment, not in the code.', url: BASE + 'config' },
  { number: 4, roman: 'IV', title: 'Backing services', summary: 'Treat backing services as attached resources, located by config.', url: BASE + 'backing-services' },
  { number: 5, roman: 'V', title: 'Build, release, run', summary: 'Strictly separate build and run stages.', url: BASE + 'build-release-run' },
  { number: 6, roman: 'VI', title: 'Processes', summary: 'Execute the app as one or more stateless processes; keep state in backing services.', url: BASE + 'processes' },
  { number: 7, roman: 'VII', title: 'Port binding', summary: 'Export services via port binding, with the port given by the environment.', url: BASE + 'port-binding' },
  { number: 8, roman: 'VIII', title: 'Concurrency', summary: 'Scale out via the process model.', url: BASE + 'concurrency' },
  { number: 9, roman: 'IX', title: 'Disposability', summary: 'Maximize robustness with fast startup and graceful shutdown.', url: BASE + 'disposability' },
  { number: 10, roman: 'X', title: 'Dev/prod parity', summary: 'Keep development, staging, and production as similar as possible.', url: BASE + 'dev-prod-parity' },
  { number: 11, roman: 'XI', title: 'Logs', summary: 'Treat logs as event streams written to stdout.', url: BASE + 'logs' },
  { number: 12, roman: 'XII', title: 'Admin processes', summary: 'Run admin/management tasks as one-off processes.', url: BASE + 'admin-processes' },
];

export function factorInfo(n: FactorNumber): FactorInfo {
  return FACTORS[n - 1];
}

/** "Factor VII (Port binding)" */
export function factorLabel(n: FactorNumber): string {
  const f = factorInfo(n);
  return `Factor ${f.roman} (${f.title})`;
}
