/**
 * Reasons for the WhatsApp Cloud API error codes a shop meets most, worded for the agent reading the inbox.
 * Codes from Meta's "Cloud API error codes" reference.
 */
const knownErrors: Record<number, { reason: string; retryable: boolean }> = {
  0: { reason: 'authentication failed: the access token could not be validated', retryable: false },
  4: { reason: 'rate limit: too many calls from this app; retried later', retryable: true },
  190: { reason: 'invalid or expired access token (WHATSAPP_TOKEN)', retryable: false },
  100: { reason: 'invalid parameter in the request', retryable: false },
  80007: { reason: 'rate limit: the WhatsApp Business Account reached its limit; retried later', retryable: true },
  130429: { reason: 'rate limit: throughput of this phone number reached; retried later', retryable: true },
  131026: { reason: 'message undeliverable: the recipient is not on WhatsApp or cannot receive this message', retryable: false },
  131030: { reason: 'recipient phone number is not in the allowed list of this test number', retryable: false },
  131047: { reason: 'more than 24 hours since the customer last wrote: send an approved template message instead (re-engagement)', retryable: false },
  131051: { reason: 'unsupported message type', retryable: false },
  131056: { reason: 'rate limit: too many messages to the same recipient; retried later', retryable: true },
  132000: { reason: 'template parameter count does not match the template', retryable: false },
  132001: { reason: 'template does not exist in this language or is not approved', retryable: false },
  368: { reason: 'the sender account is temporarily blocked for policy violations', retryable: false },
};

export interface GraphError {
  code?: number;
  title?: string;
  message?: string;
  error_data?: { details?: string };
}

/** A reason that names Meta's code, with retry advice; unknown codes keep Meta's own message. */
export function describeWhatsappError(error: GraphError, httpStatus?: number): { reason: string; retryable: boolean; code?: number } {
  const known = error.code !== undefined ? knownErrors[error.code] : undefined;
  const detail = error.error_data?.details ?? error.message ?? error.title ?? 'no detail';
  if (known) return { reason: `${known.reason} (code ${error.code})`, retryable: known.retryable, code: error.code! };
  const retryable = httpStatus !== undefined && httpStatus >= 500;
  return { reason: `WhatsApp error${error.code !== undefined ? ` ${error.code}` : ''}: ${detail}`, retryable, ...(error.code !== undefined ? { code: error.code } : {}) };
}
