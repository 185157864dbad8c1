/** Every rule, in one list: the server, the CLI, the docs test and the checklist read it. */
import type { Rule } from '../types';
import noFixedPort from './port-binding/no-fixed-port';

export const RULES: readonly Rule[] = [noFixedPort];

export function ruleById(id: string): Rule | undefined {
  return RULES.find((r) => r.meta.id === id);
}
