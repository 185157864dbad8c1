/**
 * Known formats of provider credentials (cloud keys, API tokens, private keys). A value in one of
 * these formats is a secret wherever it is written; only JWTs need a context that says they are used
 * as a credential, since sample tokens are common in docs and code.
 */
import { isPlaceholder } from './placeholder';

/** A provider's credential format. */
export interface ProviderPattern {
  id: string;
  /** Human name, used in messages: "AWS access key ID". */
  label: string;
  pattern: RegExp;
  /** The conventional environment variable for it. */
  envName: string;
  /** Only a secret when the context says so (a JWT bound to a token-like name, a Bearer header). */
  needsContext?: boolean;
}

/** A credential found in a value. */
export interface ProviderMatch {
  provider: ProviderPattern;
  /** The matched text. */
  text: string;
  /** Offset of the match in the value. */
  index: number;
}

// Boundaries: a key must not be a piece of a longer token.
const B = '(?<![A-Za-z0-9_])';
const E = '(?![A-Za-z0-9_])';

/** The formats checked, most specific first (a private key block before the tokens it may contain). */
export const PROVIDERS: readonly ProviderPattern[] = [
  // Checked by privateKeyBlock (linear time); the pattern finds the header only.
  { id: 'private-key', label: 'private key', pattern: /-----BEGIN (?:[A-Z0-9]+ ){0,3}PRIVATE KEY(?: BLOCK)?-----/, envName: 'PRIVATE_KEY' },
  { id: 'aws-access-key-id', label: 'AWS access key ID', pattern: new RegExp(`${B}(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}${E}`), envName: 'AWS_ACCESS_KEY_ID' },
  { id: 'github-token', label: 'GitHub token', pattern: new RegExp(`${B}(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})${E}`), envName: 'GITHUB_TOKEN' },
  { id: 'gitlab-token', label: 'GitLab token', pattern: new RegExp(`${B}gl(?:pat|dt|ptt|rt)-[A-Za-z0-9_-]{20,}${E}`), envName: 'GITLAB_TOKEN' },
  { id: 'stripe-secret-key', label: 'Stripe secret key', pattern: new RegExp(`${B}sk_(?:live|test)_[A-Za-z0-9]{10,247}${E}`), envName: 'STRIPE_SECRET_KEY' },
  { id: 'stripe-restricted-key', label: 'Stripe restricted key', pattern: new RegExp(`${B}rk_(?:live|test)_[A-Za-z0-9]{10,247}${E}`), envName: 'STRIPE_RESTRICTED_KEY' },
  { id: 'stripe-webhook-secret', label: 'Stripe webhook secret', pattern: new RegExp(`${B}whsec_[A-Za-z0-9]{24,}${E}`), envName: 'STRIPE_WEBHOOK_SECRET' },
  { id: 'slack-bot-token', label: 'Slack bot token', pattern: new RegExp(`${B}xoxb-[0-9]{6,}-[A-Za-z0-9-]{10,250}${E}`), envName: 'SLACK_BOT_TOKEN' },
  { id: 'slack-user-token', label: 'Slack user token', pattern: new RegExp(`${B}xoxp-[0-9]{6,}-[A-Za-z0-9-]{10,250}${E}`), envName: 'SLACK_USER_TOKEN' },
  { id: 'slack-token', label: 'Slack token', pattern: new RegExp(`${B}xox[aorse]-[0-9A-Za-z]{6,}-[A-Za-z0-9-]{10,250}${E}`), envName: 'SLACK_TOKEN' },
  { id: 'slack-webhook', label: 'Slack webhook URL', pattern: /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_]{6,}\/[A-Za-z0-9_]{6,}\/[A-Za-z0-9_]{12,}/, envName: 'SLACK_WEBHOOK_URL' },
  { id: 'google-api-key', label: 'Google API key', pattern: new RegExp(`${B}AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])`), envName: 'GOOGLE_API_KEY' },
  { id: 'google-client-secret', label: 'Google OAuth client secret', pattern: new RegExp(`${B}GOCSPX-[A-Za-z0-9_-]{24,32}(?![A-Za-z0-9_-])`), envName: 'GOOGLE_CLIENT_SECRET' },
  { id: 'sendgrid-api-key', label: 'SendGrid API key', pattern: new RegExp(`${B}SG\\.[A-Za-z0-9_-]{22}\\.[A-Za-z0-9_-]{43}(?![A-Za-z0-9_-])`), envName: 'SENDGRID_API_KEY' },
  { id: 'twilio-api-key', label: 'Twilio API key', pattern: new RegExp(`${B}SK[0-9a-f]{32}${E}`), envName: 'TWILIO_API_KEY' },
  { id: 'openai-api-key', label: 'OpenAI API key', pattern: new RegExp(`${B}sk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20}|[A-Za-z0-9]{48})(?![A-Za-z0-9_-])`), envName: 'OPENAI_API_KEY' },
  { id: 'npm-token', label: 'npm access token', pattern: new RegExp(`${B}npm_[A-Za-z0-9]{36}${E}`), envName: 'NPM_TOKEN' },
  { id: 'mailgun-api-key', label: 'Mailgun API key', pattern: new RegExp(`${B}key-[0-9a-f]{32}${E}`), envName: 'MAILGUN_API_KEY' },
  { id: 'mailchimp-api-key', label: 'Mailchimp API key', pattern: new RegExp(`${B}[0-9a-f]{32}-us[0-9]{1,2}${E}`), envName: 'MAILCHIMP_API_KEY' },
  { id: 'shopify-token', label: 'Shopify access token', pattern: new RegExp(`${B}shp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}${E}`), envName: 'SHOPIFY_ACCESS_TOKEN' },
  { id: 'square-token', label: 'Square access token', pattern: new RegExp(`${B}sq0(?:atp|csp)-[0-9A-Za-z_-]{22,43}(?![A-Za-z0-9_-])`), envName: 'SQUARE_ACCESS_TOKEN' },
  { id: 'azure-storage-key', label: 'Azure storage account key', pattern: /AccountKey=[A-Za-z0-9+/]{80,}={0,2}/, envName: 'AZURE_STORAGE_CONNECTION_STRING' },
  { id: 'telegram-bot-token', label: 'Telegram bot token', pattern: new RegExp(`${B}[0-9]{8,10}:AA[A-Za-z0-9_-]{33}(?![A-Za-z0-9_-])`), envName: 'TELEGRAM_BOT_TOKEN' },
  { id: 'jwt', label: 'JSON Web Token', pattern: new RegExp(`${B}eyJ[A-Za-z0-9_-]{8,}\\.eyJ[A-Za-z0-9_-]{8,}\\.[A-Za-z0-9_-]{10,}(?![A-Za-z0-9_-])`), envName: 'API_TOKEN', needsContext: true },
];

/**
 * The first provider credential in `value`, skipping placeholders such as `sk_live_xxxxxxxx` and the
 * documentation examples (`AKIAIOSFODNN7EXAMPLE`).
 */
export function findProviderKey(value: string): ProviderMatch | undefined {
  if (value.length < 20 || value.length > 20000) return undefined;
  for (const provider of PROVIDERS) {
    const m = provider.pattern.exec(value);
    if (!m) continue;
    if (provider.id === 'private-key') {
      const block = privateKeyBlock(value, m.index, m[0].length);
      if (block) return { provider, text: block, index: m.index };
      continue;
    }
    if (!isPlaceholder(m[0])) return { provider, text: m[0], index: m.index };
  }
  return undefined;
}

/** The whole PEM block from its header, when it has an END line and a real key body (not `...`). */
function privateKeyBlock(value: string, start: number, headerLength: number): string | undefined {
  const endMarker = value.indexOf('-----END ', start + headerLength);
  if (endMarker < 0) return undefined;
  const close = value.indexOf('-----', endMarker + 9);
  if (close < 0) return undefined;
  const body = value.slice(start + headerLength, endMarker).replace(/\\n|\s/g, '');
  if (!/[A-Za-z0-9+/=]{40}/.test(body) || isPlaceholder(body)) return undefined;
  return value.slice(start, close + 5);
}
