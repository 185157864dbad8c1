/**
 * Which documents the client hands to the server: the languages by VS Code language id, and the
 * configuration and deploy files by path (their language ids, `yaml`, `json`, `xml`, say too little).
 * Kept beside the engine's language table by a test (test/package/documents.test.ts), so the client
 * bundle does not carry the engine to learn them.
 */

/** VS Code language ids of the programming languages and of the formats that have their own id. */
export const DOCUMENT_LANGUAGES: readonly string[] = [
  'javascript',
  'javascriptreact',
  'typescript',
  'typescriptreact',
  'python',
  'go',
  'java',
  'ruby',
  'csharp',
  'php',
  'dockerfile',
  'dotenv',
  'procfile',
];

/** Globs of the configuration and deploy files, whatever language VS Code opens them with. */
export const DOCUMENT_PATTERNS: readonly string[] = [
  '**/.env',
  '**/.env.*',
  '**/*.env.{example,sample,template,dist,tmpl,tpl}',
  '**/Dockerfile',
  '**/Dockerfile.*',
  '**/*.dockerfile',
  '**/Containerfile',
  '**/Containerfile.*',
  '**/Procfile',
  '**/Procfile.*',
  '**/*.{yml,yaml}',
  '**/application*.properties',
  '**/appsettings*.json',
  '**/logback*.xml',
  '**/log4j2*.xml',
  '**/web.config',
  '**/web.*.config',
];
