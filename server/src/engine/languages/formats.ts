/**
 * The configuration and deploy formats, by file name, in the order they are tried (the content
 * check for Kubernetes manifests comes last, after every YAML file known by name).
 *
 * fileKind `deploy`: Dockerfile, compose, Kubernetes, .env*, Procfile. `app-config`: Spring
 * application*.properties/yml, appsettings*.json, logback/log4j2 XML, database.yml, web.config.
 * `.env.example`, `.env.sample`, `.env.template`, `.env.dist` are templates (`template: true`).
 * Other YAML, JSON and XML files are not checked.
 */
import { prepareGrammar } from '../parser';
import type { TextFormatSpec } from './index';
import { buildDockerfileModel } from './dockerfile';
import { buildDotenvModel } from './dotenv';
import { buildJsonModel } from './json';
import { buildProcfileModel } from './procfile';
import { buildPropertiesModel } from './properties';
import { buildXmlModel } from './xml';
import { buildYamlModel, looksLikeKubernetes } from './yaml';

const TEMPLATE_SUFFIXES = '{example,sample,template,dist,tmpl,tpl}';
/** `.env.json`, `.env.sh`…: files named after .env that hold another format. */
const NOT_DOTENV = '**/.env{,.*}.{js,mjs,cjs,ts,mts,cts,jsx,tsx,json,yml,yaml,toml,xml,ini,sh,bash,zsh,ps1,py,rb,go,php,cs,java,md,txt,lock,bak,swp,orig}';

/** The configuration and deploy formats, in the order `languageFor` tries them. */
export const FORMATS: TextFormatSpec[] = [
  {
    id: 'dotenv-template',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['dotenv', 'properties', 'plaintext'],
    fileNames: [`**/.env.${TEMPLATE_SUFFIXES}`, `**/.env.*.${TEMPLATE_SUFFIXES}`, `**/*.env.${TEMPLATE_SUFFIXES}`],
    excludePaths: [NOT_DOTENV],
    parseText: (text) => buildDotenvModel(text, true),
  },
  {
    id: 'dotenv',
    extensions: [],
    languageIds: ['dotenv'],
    editorLanguageIds: ['dotenv', 'properties', 'plaintext'],
    fileNames: ['**/.env', '**/.env.*'],
    excludePaths: [NOT_DOTENV],
    parseText: (text) => buildDotenvModel(text),
  },
  {
    id: 'dockerfile',
    extensions: [],
    languageIds: ['dockerfile'],
    editorLanguageIds: ['dockerfile'],
    fileNames: ['**/Dockerfile', '**/Dockerfile.*', '**/*.dockerfile', '**/Containerfile', '**/Containerfile.*'],
    excludePaths: ['**/*.dockerignore', '**/*.{md,txt}'],
    parseText: buildDockerfileModel,
  },
  {
    id: 'procfile',
    extensions: [],
    languageIds: ['procfile'],
    editorLanguageIds: ['procfile', 'plaintext'],
    fileNames: ['**/Procfile', '**/Procfile.*'],
    excludePaths: ['**/*.{md,txt}'],
    parseText: buildProcfileModel,
  },
  {
    id: 'compose',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['dockercompose', 'yaml'],
    fileNames: ['**/docker-compose*.{yml,yaml}', '**/compose.{yml,yaml}', '**/compose[.-]*.{yml,yaml}'],
    parseText: (text) => buildYamlModel(text, 'compose'),
  },
  {
    id: 'spring-yaml',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['yaml', 'spring-boot-properties-yaml'],
    fileNames: ['**/application.{yml,yaml}', '**/application-*.{yml,yaml}'],
    parseText: (text) => buildYamlModel(text, 'spring'),
  },
  {
    id: 'rails-database',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['yaml'],
    fileNames: ['**/config/database.yml'],
    // ERB values hold Ruby; without the grammar they are left unknown (quiet), never an error.
    prepare: () => prepareGrammar('ruby').catch(() => undefined),
    parseText: (text) => buildYamlModel(text, 'rails-database'),
  },
  {
    id: 'properties',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['properties', 'java-properties', 'spring-boot-properties'],
    fileNames: ['**/application*.properties'],
    parseText: buildPropertiesModel,
  },
  {
    id: 'appsettings',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['json', 'jsonc'],
    fileNames: ['**/appsettings*.json'],
    parseText: buildJsonModel,
  },
  {
    id: 'logback',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['xml'],
    fileNames: ['**/logback*.xml'],
    parseText: (text) => buildXmlModel(text, 'logback'),
  },
  {
    id: 'log4j2',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['xml'],
    fileNames: ['**/log4j2*.xml'],
    parseText: (text) => buildXmlModel(text, 'log4j2'),
  },
  {
    id: 'web-config',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['xml'],
    fileNames: ['**/web.config', '**/web.*.config'],
    parseText: (text) => buildXmlModel(text, 'web-config'),
  },
  {
    id: 'kubernetes',
    extensions: [],
    languageIds: [],
    editorLanguageIds: ['yaml'],
    fileNames: ['**/*.{yml,yaml}'],
    excludePaths: ['**/.github/**', '**/.gitlab-ci.yml'],
    // Helm templates hold `{{ … }}`: Go templates, not YAML until they are rendered.
    matchText: (text) => !text.includes('{{') && looksLikeKubernetes(text),
    parseText: (text) => buildYamlModel(text, 'kubernetes'),
  },
];
