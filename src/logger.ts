import { pino, type Logger } from 'pino';

export type { Logger };

/** Keys whose values never reach a log line: secrets, tokens, phone numbers and message bodies. */
const redactedPaths = [
  'authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization',
  'token', '*.token', 'password', '*.password', 'secret', '*.secret', 'apiKey', '*.apiKey',
  'body', '*.body', 'text', '*.text',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: redactedPaths, censor: '[redacted]' } }, destination);
}

/** Masks a phone number for logs, keeping the country code and the last three digits: +62*******890. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length <= 5) return '***';
  return `+${digits.slice(0, 2)}${'*'.repeat(digits.length - 5)}${digits.slice(-3)}`;
}
