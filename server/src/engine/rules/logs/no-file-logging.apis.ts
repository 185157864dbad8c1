/**
 * @helper Data tables for no-file-logging: the logging APIs and settings of each language and
 * configuration format that write log files, and the options that still mean something once the
 * destination is stdout. The logic that reads them lives in no-file-logging.ts.
 */

// ---- Python --------------------------------------------------------------------------------------

/** `logging` handler classes (by their last name) that write files. */
export const PY_FILE_HANDLERS = new Set([
  'FileHandler',
  'RotatingFileHandler',
  'TimedRotatingFileHandler',
  'WatchedFileHandler',
  'ConcurrentRotatingFileHandler',
  'ConcurrentTimedRotatingFileHandler',
]);

/** Modules whose import makes a bare `RotatingFileHandler(…)` the logging one. */
export const PY_HANDLER_MODULES = new Set(['logging', 'logging.handlers', 'concurrent_log_handler']);

/** dictConfig / Django `LOGGING` handler `class` values that write files. */
export const PY_FILE_HANDLER_CLASSES = new Set([
  'logging.FileHandler',
  'logging.handlers.RotatingFileHandler',
  'logging.handlers.TimedRotatingFileHandler',
  'logging.handlers.WatchedFileHandler',
  'concurrent_log_handler.ConcurrentRotatingFileHandler',
  'concurrent_log_handler.ConcurrentTimedRotatingFileHandler',
]);

/** Calls that turn a Python file object into a log destination. */
export const PY_STREAM_SINKS = new Set(['StreamHandler', 'WriteLoggerFactory', 'PrintLoggerFactory', 'BytesLoggerFactory']);

/** gunicorn settings (config file module-level names) that name a log file; `-` is stdout/stderr. */
export const GUNICORN_LOG_SETTINGS = new Set(['accesslog', 'errorlog']);

/** `basicConfig` keywords that only concern a file. */
export const PY_BASIC_FILE_ONLY = new Set(['filename', 'filemode', 'encoding', 'errors']);

/** loguru `logger.add` keywords that only concern a file sink (the others still mean something on stdout). */
export const LOGURU_FILE_ONLY = new Set(['rotation', 'retention', 'compression', 'delay', 'watch', 'mode', 'buffering', 'encoding', 'opener', 'newline', 'errors']);

// ---- Go ------------------------------------------------------------------------------------------

/** Calls that make a logger write to an `io.Writer` (argument index of the writer). */
export const GO_WRITER_SINKS: Record<string, number> = {
  'log.SetOutput': 0,
  'log.New': 0,
  'slog.NewJSONHandler': 0,
  'slog.NewTextHandler': 0,
  'logrus.SetOutput': 0,
  'zerolog.New': 0,
  'zapcore.AddSync': 0,
  'io.MultiWriter': -1,
};

/** zap configuration fields that list output paths (`"stdout"`, `"stderr"` or files). */
export const ZAP_OUTPUT_FIELDS = new Set(['OutputPaths', 'ErrorOutputPaths']);

// ---- Java ----------------------------------------------------------------------------------------

/** Spring Boot settings that make it write a log file. */
export const SPRING_LOG_FILE_KEYS = new Set(['logging.file.name', 'logging.file.path', 'logging.file', 'logging.path']);

/** logback appender classes (last name) that write files. */
export const LOGBACK_FILE_APPENDERS = new Set(['FileAppender', 'RollingFileAppender']);

/** log4j2 appender elements (and plugin types) that write files. */
export const LOG4J2_FILE_APPENDERS = new Set(['File', 'RollingFile', 'RandomAccessFile', 'RollingRandomAccessFile', 'MemoryMappedFile']);

/** log4j2 builder methods that set the file of a file appender. */
export const LOG4J2_FILE_SETTERS = new Set(['withFileName', 'setFileName']);

/** tinylog writer types that write files. */
export const TINYLOG_FILE_WRITERS = new Set(['file', 'rolling file', 'shared file']);

// ---- Ruby ----------------------------------------------------------------------------------------

/** Server configuration DSL (puma, unicorn) that redirects the process's output to files. */
export const RUBY_SERVER_REDIRECTS = new Set(['stdout_redirect', 'stdout_path', 'stderr_path']);

/** Names of the standard streams in Ruby. */
export const RUBY_STD_STREAMS = new Set(['$stdout', '$stderr', 'STDOUT', 'STDERR', '::STDOUT', '::STDERR']);

/** Receivers of `Logger.new` that are the standard library's logger (or Rails' subclass of it). */
export const RUBY_LOGGER_RECEIVERS = new Set(['', '::', 'ActiveSupport', '::ActiveSupport']);

/** `Logger.new` keywords that still mean something on stdout. */
export const RUBY_LOGGER_KEEP = new Set(['level', 'progname', 'formatter', 'datetime_format']);

// ---- C# ------------------------------------------------------------------------------------------

/** Serilog sink methods (on `WriteTo` / `AuditTo`) that write files. */
export const SERILOG_FILE_SINKS = new Set(['File', 'RollingFile']);

/** Serilog `WriteTo` wrappers whose lambda configures inner sinks (`WriteTo.Async(a => a.File(…))`). */
export const SERILOG_WRAPPERS = new Set(['Async', 'Logger', 'Conditional', 'Map', 'Sink']);

/** Serilog `File` arguments that the `Console` sink also takes. */
export const SERILOG_CONSOLE_KEEP = new Set(['restrictedToMinimumLevel', 'outputTemplate', 'formatProvider', 'levelSwitch', 'formatter']);

/** Serilog `File` arguments that only concern the file (dropped by the Console replacement without loss). */
export const SERILOG_FILE_ONLY = new Set([
  'path', 'rollingInterval', 'fileSizeLimitBytes', 'retainedFileCountLimit', 'rollOnFileSizeLimit', 'shared', 'flushToDiskInterval',
  'buffered', 'encoding', 'hooks', 'retainedFileTimeLimit',
]);

/** Logging library types that write files, with the property that holds the path. */
export const CS_FILE_TARGETS: Record<string, string> = {
  FileTarget: 'FileName',
  FileAppender: 'File',
  RollingFileAppender: 'File',
};

/** Constructors of loggers, providers and listeners that always write files. */
export const CS_FILE_LOGGERS = new Set([
  'FileLoggerProvider',
  'TextWriterTraceListener',
  'XmlWriterTraceListener',
  'DelimitedListTraceListener',
  'EventSchemaTraceListener',
  'FileLogTraceListener',
]);

/** Methods that add a file logger: Microsoft.Extensions.Logging file providers, NLog's fluent setup. */
export const CS_FILE_LOGGER_METHODS = new Set(['AddFile', 'WriteToFile']);

/** `System.IO.File` methods that append to a file. */
export const CS_APPEND_METHODS = new Set(['AppendAllText', 'AppendAllLines', 'AppendText', 'AppendAllTextAsync', 'AppendAllLinesAsync']);

/** NLog target types (JSON/XML configuration) that write files. */
export const NLOG_FILE_TARGETS = new Set(['File', 'AtomFile']);

/** `System.Diagnostics` trace listener types (configuration `type`) that write files. */
export const TRACE_FILE_LISTENERS = new Set(['TextWriterTraceListener', 'XmlWriterTraceListener', 'DelimitedListTraceListener', 'EventSchemaTraceListener', 'FileLogTraceListener']);

// ---- PHP -----------------------------------------------------------------------------------------

/** Monolog handlers that always write files. */
export const MONOLOG_FILE_HANDLERS = new Set(['RotatingFileHandler']);

/** Laravel log channel drivers that write files. */
export const LARAVEL_FILE_DRIVERS = new Set(['single', 'daily']);

/** `RotatingFileHandler` arguments that `StreamHandler` does not take (by name). */
export const MONOLOG_ROTATING_ONLY = new Set(['filename', 'maxFiles', 'dateFormat', 'filenameFormat']);

// ---- every language ------------------------------------------------------------------------------

/** Calls that build a path from all their arguments. */
export const PATH_JOINERS = new Set([
  'join', 'Join', 'Combine', 'resolve', 'joinpath', 'expand_path', 'Path', 'Pathname', 'of', 'get',
  'storage_path', 'base_path', 'app_path', 'public_path', 'resource_path',
]);

/** Calls that format a string from a pattern (their first argument holds the path's shape). */
export const FORMATTERS = new Set(['sprintf', 'Sprintf', 'format', 'Format', 'vsprintf']);

/** Destinations that are the standard streams, in every language's spelling. */
export const STD_TARGETS = new Set([
  '-', 'stdout', 'stderr', 'STDOUT', 'STDERR', '/dev/stdout', '/dev/stderr', '/dev/fd/1', '/dev/fd/2', '/proc/self/fd/1', '/proc/self/fd/2',
  // the container's main process's streams (cron jobs and sidecar scripts write there to reach `docker logs`)
  '/proc/1/fd/1', '/proc/1/fd/2',
  'php://stdout', 'php://stderr', 'php://output', 'ext://sys.stdout', 'ext://sys.stderr', 'System.out', 'System.err', 'SYSTEM_OUT', 'SYSTEM_ERR',
]);

/** Destinations that are not files and not logs kept anywhere: the null device, in-memory streams, syslog. */
export const NON_FILE_TARGETS = new Set(['/dev/null', 'NUL', 'php://memory', 'php://temp', 'syslog', 'nul']);
