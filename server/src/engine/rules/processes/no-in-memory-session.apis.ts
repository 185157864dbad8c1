/**
 * @helper Data for no-in-memory-session: the session stores, settings and names, per language, that
 * keep state in one process (its memory or its local disk). Each entry was checked against the
 * library's documentation of its default store.
 */

/** Go constructors of session stores that live in the process (package import path → function names). */
export const GO_LOCAL_STORES: Record<string, { names: string[]; what: string; hint: string }> = {
  'github.com/gin-contrib/sessions/memstore': {
    names: ['NewStore'],
    what: 'gin-contrib memstore keeps sessions in this process\'s memory',
    hint: 'Use a shared store: `redis.NewStore(…)` from github.com/gin-contrib/sessions/redis with the address from an environment variable (e.g. REDIS_ADDR), or the cookie store.',
  },
  'github.com/gorilla/sessions': {
    names: ['NewFilesystemStore'],
    what: 'gorilla/sessions FilesystemStore keeps sessions in files on this instance\'s disk',
    hint: 'Use `sessions.NewCookieStore(…)` or a store backed by a shared service (e.g. a Redis store such as redistore) located by an environment variable.',
  },
  'github.com/alexedwards/scs/v2/memstore': {
    names: ['New', 'NewWithCleanupInterval'],
    what: 'scs memstore keeps sessions in this process\'s memory',
    hint: 'Set `sessionManager.Store` to a shared store (redisstore, postgresstore, pgxstore…) built from an environment variable.',
  },
};

/** scs (github.com/alexedwards/scs/v2): `scs.New()` keeps sessions in memory unless `Store` is set to one of its shared stores. */
export const GO_SCS = 'github.com/alexedwards/scs/v2';
/** scs store packages that keep sessions in a shared service (any `github.com/alexedwards/scs/<name>store` but memstore). */
export const GO_SCS_STORE = /^github\.com\/alexedwards\/scs\/(v2\/)?(?!memstore)\w+store(\/v\d+)?$/;
/** Fiber's session middleware: `session.New()` without `Storage` uses its in-memory storage. */
export const GO_FIBER_SESSION = /^github\.com\/gofiber\/fiber(\/v\d+)?\/middleware\/session$/;

/** Django session engines that keep sessions on this instance (file) or need the cache check (cache). */
export const DJANGO_FILE_ENGINE = 'django.contrib.sessions.backends.file';
export const DJANGO_CACHE_ENGINE = 'django.contrib.sessions.backends.cache';
/** Django cache backends local to one process or one instance's disk. */
export const DJANGO_LOCAL_CACHES: Record<string, string> = {
  'django.core.cache.backends.locmem.LocMemCache': 'LocMemCache keeps entries in this process\'s memory',
  'django.core.cache.backends.filebased.FileBasedCache': 'FileBasedCache keeps entries on this instance\'s disk',
  'django.core.cache.backends.dummy.DummyCache': 'DummyCache keeps nothing at all',
};

/** Flask-Session `SESSION_TYPE` values that keep sessions on the instance. */
export const FLASK_LOCAL_TYPES: Record<string, string> = {
  filesystem: 'files on this instance\'s disk',
};

/** Spring Session modules whose repositories keep sessions in a shared service: an HttpSession is then not in memory. */
export const SPRING_SESSION_SHARED = /^org\.springframework\.session\.(data\.(redis|mongo)|jdbc|hazelcast)(\.|$)/;
/** Spring Session's in-memory repositories. */
export const SPRING_MAP_REPOSITORIES = /^(MapSessionRepository|ReactiveMapSessionRepository)$/;
/** Imports of the Servlet API's HttpSession. */
export const SERVLET_SESSION = /^(javax|jakarta)\.servlet\.http\.(HttpSession|\*)$/;

/** Rails cache stores local to one process or one instance's disk (for `session_store :cache_store`). */
export const RAILS_LOCAL_CACHE_STORES: Record<string, string> = {
  memory_store: 'its memory',
  file_store: 'files on this instance\'s disk',
  null_store: 'nowhere at all',
};

/** ASP.NET Core registrations of a distributed cache backed by a shared service (sessions then use it). */
export const ASPNET_SHARED_CACHES = /^(AddStackExchangeRedisCache|AddDistributedRedisCache|AddDistributedSqlServerCache|AddDistributedPostgreSqlCache|AddDistributedMySqlCache|AddCosmosCache|AddNCacheDistributedCache|AddEnyimMemcached|AddDistributedDynamoDbCache|AddHybridCache)$/;

/** Laravel session drivers that keep sessions on the instance. */
export const LARAVEL_LOCAL_DRIVERS: Record<string, string> = {
  file: 'files on this instance\'s disk (storage/framework/sessions)',
  array: 'a PHP array in the worker\'s memory',
  apc: 'APCu, this server\'s shared memory',
};

/** PHP `session.save_path` values that name a shared service rather than a local folder. */
export const PHP_REMOTE_SAVE_PATH = /^[a-z][a-z0-9+.-]*:\/\/|^(tcp|unix|tls):|^[\w.-]+:\d+/i;

/** web.config `sessionState` modes: InProc (the default) is the worker process's memory. */
export const WEB_CONFIG_LOCAL_MODES = /^inproc$/i;
