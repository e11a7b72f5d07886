import { AsyncLocalStorage } from 'node:async_hooks';
import { trace } from '@opentelemetry/api';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const levels: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  /** A logger that adds `fields` (e.g. service, tenantId) to every line. */
  child(fields: LogFields): Logger;
}

/** Field names whose values never reach a log line, at any depth. */
const secretField = /token|secret|password|passwd|authorization|api[-_]?key|cookie|credential|^code$|refresh/i;

export function redact(value: unknown, depth = 0): unknown {
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) return { name: value.name, message: value.message, code: (value as { code?: unknown }).code };
  if (Array.isArray(value)) return value.map((item) => redact(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [key, secretField.test(key) ? '[redacted]' : redact(inner, depth + 1)]),
  );
}

export interface LoggerOptions {
  level?: LogLevel;
  /** Where lines go; defaults to stdout (stderr for warn and error). */
  write?: (line: string, level: LogLevel) => void;
}

const defaultWrite = (line: string, level: LogLevel) =>
  (level === 'warn' || level === 'error' ? process.stderr : process.stdout).write(line + '\n');

const scopedFields = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with `fields` added to every line that any logger writes meanwhile, across `await`s
 * (a request's id, set once by the HTTP middleware instead of passed to every call). Nested scopes
 * add to the outer one's fields.
 */
export function withLogFields<T>(fields: LogFields, work: () => T): T {
  return scopedFields.run({ ...scopedFields.getStore(), ...fields }, work);
}

/** JSON lines with the active trace id and the fields of the current `withLogFields` scope, secrets redacted. */
export function createLogger(base: LogFields, options: LoggerOptions = {}): Logger {
  const threshold = levels[options.level ?? 'info'];
  const write = options.write ?? defaultWrite;
  const log = (level: LogLevel, message: string, fields?: LogFields) => {
    if (levels[level] < threshold) return;
    const span = trace.getActiveSpan()?.spanContext();
    const line = {
      time: new Date().toISOString(),
      level,
      message,
      ...(redact(base) as LogFields),
      ...(span ? { traceId: span.traceId, spanId: span.spanId } : {}),
      ...(redact(scopedFields.getStore() ?? {}) as LogFields),
      ...(fields ? (redact(fields) as LogFields) : {}),
    };
    write(JSON.stringify(line), level);
  };
  return {
    debug: (m, f) => log('debug', m, f),
    info: (m, f) => log('info', m, f),
    warn: (m, f) => log('warn', m, f),
    error: (m, f) => log('error', m, f),
    child: (fields) => createLogger({ ...base, ...fields }, options),
  };
}

/** A logger that drops everything: for tests and benchmarks. */
export const silentLogger: Logger = createLogger({}, { write: () => undefined, level: 'error' });
