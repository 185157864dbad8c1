/** The twelve project checks, one per factor, in factor order. */
import type { ProjectCheck } from '../types';
import codebase from './codebase';
import dependencies from './dependencies';
import config from './config';
import backingServices from './backing-services';
import buildReleaseRun from './build-release-run';
import processes from './processes';
import portBinding from './port-binding';
import concurrency from './concurrency';
import disposability from './disposability';
import devProdParity from './dev-prod-parity';
import logs from './logs';
import adminProcesses from './admin-processes';

export const CHECKS: readonly ProjectCheck[] = [
  codebase,
  dependencies,
  config,
  backingServices,
  buildReleaseRun,
  processes,
  portBinding,
  concurrency,
  disposability,
  devProdParity,
  logs,
  adminProcesses,
];
