/** Where a rule's documentation lives; one place, used by diagnostics, hovers, the CLI and SARIF. */
export const REPOSITORY_URL = 'https://github.com/twelve-factor-guide/twelve-factor-guide';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
