/**
 * What the project checks know about each ecosystem's standard library and package names, as data:
 * Python and Ruby standard-library modules, the distributions that provide an import whose name
 * differs from theirs, and the packages a declared framework always brings along.
 */

/** Python 3 standard-library top-level modules (`sys.stdlib_module_names`, public ones). */
export const PYTHON_STDLIB: ReadonlySet<string> = new Set(
  (
    '__future__ _thread abc aifc antigravity argparse array ast asynchat asyncio asyncore atexit audioop base64 bdb binascii bisect builtins bz2 ' +
    'cProfile calendar cgi cgitb chunk cmath cmd code codecs codeop collections colorsys compileall concurrent configparser contextlib contextvars ' +
    'copy copyreg crypt csv ctypes curses dataclasses datetime dbm decimal difflib dis distutils doctest email encodings ensurepip enum errno ' +
    'faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc genericpath getopt getpass gettext glob graphlib grp gzip hashlib ' +
    'heapq hmac html http idlelib imaplib imghdr imp importlib inspect io ipaddress itertools json keyword lib2to3 linecache locale logging lzma ' +
    'mailbox mailcap marshal math mimetypes mmap modulefinder msilib msvcrt multiprocessing netrc nis nntplib nt ntpath nturl2path numbers opcode ' +
    'operator optparse os ossaudiodev pathlib pdb pickle pickletools pipes pkgutil platform plistlib poplib posix posixpath pprint profile pstats ' +
    'pty pwd py_compile pyclbr pydoc pydoc_data pyexpat queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select ' +
    'selectors shelve shlex shutil signal site smtpd smtplib sndhdr socket socketserver spwd sqlite3 sre_compile sre_constants sre_parse ssl stat ' +
    'statistics string stringprep struct subprocess sunau symtable sys sysconfig syslog tabnanny tarfile telnetlib tempfile termios textwrap this ' +
    'threading time timeit tkinter token tokenize tomllib trace traceback tracemalloc tty turtle turtledemo types typing unicodedata unittest ' +
    'urllib uu uuid venv warnings wave weakref webbrowser winreg winsound wsgiref xdrlib xml xmlrpc zipapp zipfile zipimport zlib zoneinfo'
  ).split(' '),
);

/** Modules every Python environment has from its installer (pip, setuptools). */
export const PYTHON_ALWAYS: ReadonlySet<string> = new Set(['pkg_resources', 'setuptools', 'pip', '_pytest']);

/**
 * Import names whose distribution is named differently (normalized names, PEP 503). An import is
 * declared when any of the listed distributions is.
 */
export const PYTHON_IMPORT_DISTS: Readonly<Record<string, readonly string[]>> = {
  yaml: ['pyyaml'],
  PIL: ['pillow'],
  bs4: ['beautifulsoup4'],
  sklearn: ['scikit-learn'],
  skimage: ['scikit-image'],
  cv2: ['opencv-python', 'opencv-python-headless', 'opencv-contrib-python', 'opencv-contrib-python-headless'],
  dateutil: ['python-dateutil'],
  jwt: ['pyjwt'],
  dotenv: ['python-dotenv'],
  MySQLdb: ['mysqlclient'],
  attr: ['attrs'],
  magic: ['python-magic'],
  Crypto: ['pycryptodome', 'pycrypto'],
  Cryptodome: ['pycryptodomex'],
  OpenSSL: ['pyopenssl'],
  serial: ['pyserial'],
  zmq: ['pyzmq'],
  ldap: ['python-ldap'],
  docx: ['python-docx'],
  pptx: ['python-pptx'],
  slugify: ['python-slugify'],
  jose: ['python-jose'],
  multipart: ['python-multipart'],
  rest_framework: ['djangorestframework'],
  corsheaders: ['django-cors-headers'],
  environ: ['django-environ'],
  decouple: ['python-decouple'],
  debug_toolbar: ['django-debug-toolbar'],
  storages: ['django-storages'],
  django_redis: ['django-redis'],
  kafka: ['kafka-python'],
  grpc: ['grpcio'],
  websocket: ['websocket-client'],
  socketio: ['python-socketio'],
  engineio: ['python-engineio'],
  telegram: ['python-telegram-bot'],
  github: ['pygithub'],
  git: ['gitpython'],
  nacl: ['pynacl'],
  fitz: ['pymupdf'],
  dns: ['dnspython'],
  sentry_sdk: ['sentry-sdk'],
  psycopg2: ['psycopg2', 'psycopg2-binary'],
  psycopg: ['psycopg', 'psycopg-binary'],
  google: ['protobuf'],
  pythonjsonlogger: ['python-json-logger'],
  json_log_formatter: ['json-log-formatter'],
};

/**
 * Packages a declared framework always installs with it: importing them is not an undeclared
 * dependency (normalized distribution name -> importable top-level modules).
 */
export const PYTHON_BUNDLED: Readonly<Record<string, readonly string[]>> = {
  flask: ['werkzeug', 'jinja2', 'itsdangerous', 'click', 'markupsafe', 'blinker'],
  django: ['asgiref', 'sqlparse'],
  fastapi: ['starlette', 'pydantic', 'typing_extensions', 'anyio'],
  starlette: ['anyio'],
  boto3: ['botocore', 's3transfer', 'jmespath'],
  celery: ['kombu', 'billiard', 'vine'],
  requests: ['urllib3', 'certifi', 'idna', 'charset_normalizer'],
  httpx: ['httpcore', 'anyio', 'certifi', 'idna'],
  uvicorn: ['h11', 'click'],
  rq: ['redis'],
  sqlalchemy: ['typing_extensions'],
  'flask-sqlalchemy': ['sqlalchemy'],
  'flask-migrate': ['alembic', 'flask_sqlalchemy', 'sqlalchemy'],
  alembic: ['sqlalchemy', 'mako'],
  pydantic: ['pydantic_core', 'typing_extensions'],
  'pydantic-settings': ['pydantic', 'dotenv'],
  pytest: ['_pytest', 'pluggy', 'iniconfig'],
};

/** PEP 503 normalization of a distribution name. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** Ruby standard library and default gems (`require` needs no Gemfile entry). */
export const RUBY_STDLIB: ReadonlySet<string> = new Set(
  (
    'English abbrev base64 benchmark bigdecimal bundler cgi coverage csv date delegate did_you_mean digest drb erb etc expect fcntl fiber fiddle ' +
    'fileutils find forwardable getoptlong io ipaddr irb json logger matrix minitest monitor mutex_m net nkf objspace observer open-uri open3 ' +
    'openssl optparse ostruct pathname pp prettyprint prime pstore psych pty racc rake rbconfig rdoc readline reline resolv rinda ripper rubygems ' +
    'securerandom set shellwords singleton socket stringio strscan syslog tempfile thread time timeout tmpdir tsort un uri weakref yaml zlib'
  ).split(' '),
);

/** `require` names provided by a gem of another name (first path segment -> gems). */
export const RUBY_REQUIRE_GEMS: Readonly<Record<string, readonly string[]>> = {
  active_record: ['activerecord', 'rails'],
  active_support: ['activesupport', 'rails'],
  active_model: ['activemodel', 'rails'],
  active_job: ['activejob', 'rails'],
  active_storage: ['activestorage', 'rails'],
  action_controller: ['actionpack', 'rails'],
  action_dispatch: ['actionpack', 'rails'],
  action_view: ['actionview', 'rails'],
  action_mailer: ['actionmailer', 'rails'],
  action_cable: ['actioncable', 'rails'],
  rails: ['rails', 'railties'],
  sinatra: ['sinatra', 'sinatra-contrib'],
  google: ['google-cloud-storage', 'google-cloud-pubsub', 'google-protobuf'],
};

/** Maps a Go import path to whether it is in the standard library (no dot in its first element). */
export function isGoStdlib(importPath: string): boolean {
  const first = importPath.split('/')[0];
  return !first.includes('.') && importPath !== 'C';
}
