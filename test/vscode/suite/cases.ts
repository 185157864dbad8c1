/**
 * What the example workspace (examples/express-app) must produce, one case per finding: where it
 * is, what the diagnostic says, and the text its quick fix must give. Positions are found in the
 * file's own text, so the cases follow small edits of the example; the expected fix results are
 * written out here, independently of the engine.
 */
import * as vscode from 'vscode';

/** One expected finding and its quick fix. */
export interface ExampleCase {
  rule: string;
  /** Workspace-relative file. */
  file: string;
  /** The exact source text the diagnostic covers. */
  covers: string;
  /** Which occurrence of `covers` (0-based), when it appears more than once. */
  occurrence?: number;
  severity: vscode.DiagnosticSeverity;
  /** Patterns the message must match (what, why, what to do, the factor). */
  message: RegExp[];
  /** Text that must never appear in the message (an unmasked secret). */
  secret?: string;
  /** The fix applied by the fix test; absent when the rule offers none for this finding. */
  fix?: {
    title: string;
    /** The whole file after the fix, from its text before. */
    expected(before: string): string;
    /** The variable the fix adds to `.env.example`. */
    envVar?: string;
  };
}

/** Replaces exactly one occurrence of `from` (fails loudly when the example changed). */
export function replaceOnce(text: string, from: string, to: string): string {
  const at = text.indexOf(from);
  if (at < 0 || text.indexOf(from, at + 1) >= 0) throw new Error(`expected exactly one "${from}" in the example file`);
  return text.slice(0, at) + to + text.slice(at + from.length);
}

const W = vscode.DiagnosticSeverity.Warning;
const E = vscode.DiagnosticSeverity.Error;

/** Every finding of the example app, at least one per core rule. */
export const EXAMPLE_CASES: ExampleCase[] = [
  {
    rule: 'no-fixed-port',
    file: 'src/server.ts',
    covers: '3000',
    severity: W,
    message: [/^Fixed port 3000 in app\.listen\(\): /, /assigns the port at run time and passes it in PORT/, /Read the port from the environment/, /\[Factor VII \(Port binding\)\]$/],
    fix: {
      title: 'Read the port from PORT (default 3000)',
      expected: (t) => replaceOnce(t, 'app.listen(3000, ', 'app.listen(Number(process.env.PORT ?? 3000), '),
      envVar: 'PORT',
    },
  },
  {
    rule: 'no-hardcoded-secret',
    file: 'src/config.ts',
    covers: "'sk_test_4eC39HqLyjWDarjtT1zdp7dc'",
    severity: E,
    message: [/^Hardcoded Stripe secret key "sk_t…dc" \(32 chars\) in `secretKey`: /, /Read it from the environment \(STRIPE_SECRET_KEY\)/, /\[Factor III \(Config\)\]$/],
    secret: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',
    fix: {
      title: 'Extract to environment variable STRIPE_SECRET_KEY',
      expected: (t) => replaceOnce(t, "secretKey: 'sk_test_4eC39HqLyjWDarjtT1zdp7dc',", 'secretKey: process.env.STRIPE_SECRET_KEY!,'),
      envVar: 'STRIPE_SECRET_KEY',
    },
  },
  {
    rule: 'no-hardcoded-secret',
    file: 'src/session.ts',
    covers: "'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8'",
    severity: E,
    message: [/^Hardcoded secret "b7f3…a8" \(32 chars\) in `secret`: /, /\(SESSION_SECRET\)/, /\[Factor III \(Config\)\]$/],
    secret: 'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8',
    fix: {
      title: 'Extract to environment variable SESSION_SECRET',
      expected: (t) => replaceOnce(t, "secret: 'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8',", 'secret: process.env.SESSION_SECRET!,'),
      envVar: 'SESSION_SECRET',
    },
  },
  {
    rule: 'no-hardcoded-backing-service',
    file: 'src/config.ts',
    covers: "'postgres://shop_app:Sh0pDbPassw0rd@shop-db.internal:5432/shop'",
    severity: W,
    message: [/^Hardcoded PostgreSQL URL "postgres:\/\/shop_app:\*\*\*\*@shop-db\.internal:5432\/shop": /, /\(DATABASE_URL\)/, /\[Factor IV \(Backing services\)\]$/],
    secret: 'Sh0pDbPassw0rd',
    fix: {
      title: 'Extract to environment variable DATABASE_URL',
      expected: (t) => replaceOnce(t, "url: 'postgres://shop_app:Sh0pDbPassw0rd@shop-db.internal:5432/shop',", 'url: process.env.DATABASE_URL!,'),
      envVar: 'DATABASE_URL',
    },
  },
  {
    rule: 'no-file-logging',
    file: 'src/logger.ts',
    covers: "new winston.transports.File({ filename: 'logs/error.log', level: 'error' })",
    severity: W,
    message: [/^winston File transport writes logs to a file "logs\/error\.log": /, /stdout/, /Use a Console transport/, /\[Factor XI \(Logs\)\]$/],
  },
  {
    rule: 'no-file-logging',
    file: 'src/logger.ts',
    covers: "new winston.transports.File({ filename: 'logs/app.log' })",
    severity: W,
    message: [/^winston File transport writes logs to a file "logs\/app\.log": /, /\[Factor XI \(Logs\)\]$/],
    fix: {
      title: 'Log to stdout (Console transport)',
      expected: (t) => replaceOnce(t, "new winston.transports.File({ filename: 'logs/app.log' }),", 'new winston.transports.Console(),'),
    },
  },
  {
    rule: 'no-in-memory-session',
    file: 'src/session.ts',
    covers: "session({\n  name: config.session.cookieName,\n  secret: 'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8',\n  resave: false,\n  saveUninitialized: false,\n  cookie: { maxAge: config.session.maxAgeMs, httpOnly: true },\n})",
    severity: W,
    message: [/^express-session has no `store`, so sessions are kept in its MemoryStore/, /users are logged out on every restart/, /connect-redis/, /REDIS_URL/, /\[Factor VI \(Processes\)\]$/],
    secret: 'b7f3c1e9a4d2f8e6c0b5a9d3e7f1c4a8',
    fix: {
      title: 'Store sessions in Redis (REDIS_URL)',
      expected: (t) => {
        let out = replaceOnce(t, "import session from 'express-session';\n", "import session from 'express-session';\nimport { createClient } from 'redis';\nimport { RedisStore } from 'connect-redis';\n");
        out = replaceOnce(out, 'export const sessionMiddleware = session({\n', "const redisClient = createClient({ url: process.env.REDIS_URL });\nredisClient.connect().catch(console.error);\n\nexport const sessionMiddleware = session({\n  store: new RedisStore({ client: redisClient }),\n");
        return out;
      },
      envVar: 'REDIS_URL',
    },
  },
  {
    rule: 'no-in-memory-session',
    file: 'src/routes/products.ts',
    covers: 'recentlyViewed',
    severity: W,
    message: [/^Module-level Map `recentlyViewed` holds per-user state that request handlers change \(line 15\)/, /Keep this data in a backing service/, /\[Factor VI \(Processes\)\]$/],
  },
];

/** The rules every build must report on the example app. */
export const CORE_RULES = ['no-hardcoded-secret', 'no-hardcoded-backing-service', 'no-fixed-port', 'no-file-logging', 'no-in-memory-session'];
