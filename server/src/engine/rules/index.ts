/** Every rule, in one list: the server, the CLI, the docs test and the checklist read it. */
import type { Rule } from '../types';
import noFixedPort from './port-binding/no-fixed-port';
import noFileLogging from './logs/no-file-logging';
import noInMemorySession from './processes/no-in-memory-session';
import noHardcodedSecret from './config/no-hardcoded-secret';
import noHardcodedBackingService from './backing-services/no-hardcoded-backing-service';

export const RULES: readonly Rule[] = [noFixedPort, noFileLogging, noInMemorySession, noHardcodedSecret, noHardcodedBackingService];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
