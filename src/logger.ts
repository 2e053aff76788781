import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line: secrets, tokens, phone numbers and message bodies. */
const redactedPaths = [
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'apiKey', '*.apiKey',
  'body', '*.body', 'text', '*.text',
];

/** Error fields that may carry customer data: query parameters, and PostgreSQL's row detail. */
const sensitiveErrorKeys = ['params', 'parameters', 'detail', 'where'];

function hideQueryParameters(text: string): string {
  // Drizzle's DrizzleQueryError message is "Failed query: <sql>\nparams: <values>".
  return text.replace(/\nparams: [\s\S]*?(?=\n {4}at |$)/, '\nparams: [redacted]');
}

/**
 * pino's standard error serializer, minus what a failed query would leak into the log: the bound
 * parameters (message bodies, phone numbers) and PostgreSQL's `detail` with the conflicting values.
 */
export function serializeError(error: unknown): unknown {
  const serialized = pino.stdSerializers.err(error as Error) as unknown as Record<string, unknown>;
  if (!serialized || typeof serialized !== 'object') return serialized;
  for (const key of sensitiveErrorKeys) {
    if (key in serialized) serialized[key] = '[redacted]';
  }
  const dataException = typeof serialized.code === 'string' && serialized.code.startsWith('22');
  for (const key of ['message', 'stack'] as const) {
    const original = serialized[key];
    if (typeof original !== 'string') continue;
    // The cause is serialized below on its own, so its copy inside this stack can go.
    let text = hideQueryParameters(original).replace(/\ncaused by: [\s\S]*$/, '');
    // PostgreSQL data exceptions (SQLSTATE class 22) quote the rejected input value.
    if (dataException) text = text.replace(/"[^"\n]*"/g, '"[redacted]"');
    serialized[key] = text;
  }
  const cause = (error as { cause?: unknown })?.cause;
  if (cause !== undefined) serialized.cause = serializeError(cause);
  return serialized;
}

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({
    level,
    redact: { paths: redactedPaths, censor: '[redacted]' },
    serializers: { err: serializeError, error: serializeError },
  }, destination);
}

/** Masks a phone number for logs, keeping the country code and the last three digits: +62*******890. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 5) return '***';
  return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 5)}${digits.slice(-3)}`;
}
