/**
 * The closed set of error codes that services and routes raise. The HTTP layer maps each code to a
 * status and a problem+json body; a code that is not here is a bug.
 */
export const errorCodes = {
  validation_failed: { status: 400, title: 'Invalid request' },
  invalid_json: { status: 400, title: 'Request body is not valid JSON' },
  unauthorized: { status: 401, title: 'Authentication required' },
  invalid_signature: { status: 401, title: 'Invalid signature' },
  forbidden: { status: 403, title: 'Forbidden' },
  not_found: { status: 404, title: 'Not found' },
  method_not_allowed: { status: 405, title: 'Method not allowed' },
  conflict: { status: 409, title: 'Conflict' },
  insufficient_stock: { status: 409, title: 'Insufficient stock' },
  payload_too_large: { status: 413, title: 'Payload too large' },
  unsupported_media_type: { status: 415, title: 'Unsupported media type' },
  unprocessable: { status: 422, title: 'Unprocessable request' },
  rate_limited: { status: 429, title: 'Too many requests' },
  service_unavailable: { status: 503, title: 'Service unavailable' },
  internal: { status: 500, title: 'Internal server error' },
} as const;

export type ErrorCode = keyof typeof errorCodes;

/** One field that failed validation, named by its path in the request (`lines.0.quantity`). */
export interface InvalidField {
  name: string;
  reason: string;
}

export class AppError extends Error {
  override name = 'AppError';

  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    /** Extra members of the problem body, such as `invalid_fields` or the SKUs short of stock. */
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(detail);
  }
}

export function validationError(fields: InvalidField[]): AppError {
  const detail = fields.map((field) => `${field.name}: ${field.reason}`).join('; ');
  return new AppError('validation_failed', detail, { invalid_fields: fields });
}
