/**
 * Names that hold secrets: `password`, `apiKey`, `clientSecret`, `DB_PASS`, `x-api-key`, `accessToken`…
 * A name is split into words and judged by its head word (the last one): `passwordHash`,
 * `tokenType` and `secretName` name something else.
 */

const COMPOUNDS: [RegExp, string][] = [
  [/apikey/g, 'api key'],
  [/secretkey/g, 'secret key'],
  [/privatekey/g, 'private key'],
  [/accesskey/g, 'access key'],
  [/authtoken/g, 'auth token'],
  [/accesstoken/g, 'access token'],
  [/apitoken/g, 'api token'],
  [/clientsecret/g, 'client secret'],
];

// Names repeat across a file and a workspace: memoise (bounded) to keep large files fast.
const wordCache = new Map<string, readonly string[]>();

/** Splits an identifier, header or key into lower-case words: `googleMapsApiKey` → google maps api key. */
export function splitWords(name: string): string[] {
  let words = wordCache.get(name);
  if (!words) {
    if (wordCache.size > 10_000) wordCache.clear();
    words = computeWords(name);
    wordCache.set(name, words);
  }
  return [...words];
}

function computeWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase();
  let out = spaced;
  for (const [re, words] of COMPOUNDS) out = out.replace(re, ` ${words} `);
  return out.split(/[^a-z0-9]+/).filter(Boolean);
}

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'pass', 'passphrase', 'passcode']);
/** Words before `key` that make it a credential (`apiKey`, `signingKey`), as opposed to `cacheKey`. */
const KEY_QUALIFIERS = new Set([
  'api', 'apis', 'secret', 'private', 'access', 'signing', 'sign', 'signature', 'encryption', 'encrypt', 'decryption', 'crypto',
  'cipher', 'master', 'license', 'licence', 'app', 'application', 'client', 'hmac', 'jwt', 'session', 'auth', 'authentication',
  // not `gpg`/`pgp`: a `GPG_KEY` in a Dockerfile is the fingerprint that verifies a download
  'service', 'subscription', 'webhook', 'consumer', 'developer', 'merchant', 'admin', 'server', 'cookie', 'aes', 'rsa', 'ssh',
  'write', 'ingest', 'ingestion', 'account', 'shared', 'sas', 'stripe', 'openai', 'sendgrid', 'mailgun', 'twilio',
  'maps', 'google', 'firebase', 'algolia', 'pusher', 'recaptcha', 'turnstile', 'hcaptcha',
]);
/** Words right before `key` that make it something other than a credential. */
const NOT_CREDENTIAL_KEY = new Set([
  'public', 'publishable', 'cache', 'storage', 'idempotency', 'primary', 'foreign', 'partition', 'sort', 'i18n', 'translation',
  'lookup', 'map', 'row', 'unique', 'hash', 'object', 'bucket', 'dedupe', 'query', 'route', 'rate', 'limit', 'redis', 's3',
  'sign-in', 'hot', 'short', 'short-cut', 'shortcut', 'keyboard', 'react', 'list', 'item', 'composite', 'natural', 'dictionary',
  'registry', 'option', 'field', 'column', 'entry', 'prefix', 'namespace', 'group', 'local', 'state', 'store',
]);
/** Words before `token` that make it something other than a credential. */
const NOT_CREDENTIAL_TOKEN = new Set([
  'cancel', 'cancellation', 'injection', 'next', 'page', 'continuation', 'pagination', 'design', 'color', 'css', 'theme', 'lexer',
  'parser', 'syntax', 'eos', 'bos', 'pad', 'unk', 'sep', 'cls', 'mask', 'special', 'start', 'end', 'stop', 'max', 'min', 'count',
  'total', 'num', 'input', 'output', 'prompt', 'completion', 'set', 'get', 'save', 'clear', 'remove', 'refresh-url',
]);
/** Words before `password`/`secret` that name a derived value, not the secret. */
const NOT_CREDENTIAL_PASSWORD = new Set(['hashed', 'hash', 'encrypted', 'masked', 'show', 'has', 'is', 'forgot', 'reset', 'set', 'change', 'toggle']);
/** Trailing words that keep the meaning of the word before them: `jwtSecretHex`, `apiKeyValue`, `secretDev`. */
const TRANSPARENT_SUFFIX = new Set(['value', 'str', 'string', 'b64', 'base64', 'hex', 'raw', 'plain', 'plaintext', 'bytes', 'buf', 'buffer', 'fallback', 'default', 'dev', 'prod', 'live', 'local', 'old', 'new', 'v1', 'v2', 'v3', '1', '2', '3']);

/** Well-known credential field names that do not follow the head-word rule. */
const KNOWN: Record<string, SecretNameKind> = {
  accesskeyid: 'secret',
  awsaccesskeyid: 'secret',
  bearer: 'secret',
  // Rails' signing secret: `config.secret_key_base`
  secretkeybase: 'secret',
};

/**
 * `secret`: the name clearly holds a credential. `ambiguous`: it may (`key`, `auth`, `credential`),
 * so the value must look generated. `authorization`: an HTTP Authorization header, a secret when its
 * value carries a credential (`Bearer …`).
 */
export type SecretNameKind = 'secret' | 'ambiguous' | 'authorization';

/** What kind of secret a name holds, if any. */
export function secretNameKind(name: string | undefined): SecretNameKind | undefined {
  if (!name) return undefined;
  const all = splitWords(name);
  if (all.length === 0) return undefined;
  const joined = all.join('');
  if (KNOWN[joined]) return KNOWN[joined];
  const words = [...all];
  while (words.length > 1 && TRANSPARENT_SUFFIX.has(words[words.length - 1])) words.pop();
  const head = singular(words[words.length - 1].replace(/(?<=[a-z])\d+$/, '')); // apiKey2, token1
  const before = words.slice(0, -1);
  const prev = before[before.length - 1];
  if (head === 'authorization') return 'authorization';
  if (PASSWORD_WORDS.has(head)) return prev && NOT_CREDENTIAL_PASSWORD.has(prev) ? undefined : 'secret';
  if (head === 'secret') return prev && NOT_CREDENTIAL_PASSWORD.has(prev) ? undefined : 'secret';
  // A salt or pepper mixed into hashes or signed tokens (`SECURITY_PASSWORD_SALT`, Devise `pepper`) is as secret as a key.
  if (head === 'salt' || head === 'pepper') return prev && NOT_CREDENTIAL_PASSWORD.has(prev) ? undefined : 'secret';
  if (head === 'token') {
    if (prev && NOT_CREDENTIAL_TOKEN.has(prev)) return undefined;
    return 'secret';
  }
  if (head === 'key') {
    if (prev && NOT_CREDENTIAL_KEY.has(prev)) return undefined;
    if (before.some((w) => KEY_QUALIFIERS.has(w))) return 'secret';
    return before.length === 0 ? 'ambiguous' : undefined;
  }
  if (head === 'auth' || head === 'credential' || head === 'credentials') return before.length === 0 ? 'ambiguous' : undefined;
  return undefined;
}

function singular(w: string): string {
  if (w === 'keys' || w === 'tokens' || w === 'secrets' || w === 'passwords') return w.slice(0, -1);
  return w;
}
