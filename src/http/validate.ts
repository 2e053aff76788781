import type { Context } from 'hono';
import type { z } from 'zod';
import { AppError, validationError } from '../errors.js';

function fieldName(path: PropertyKey[]): string {
  return path.length > 0 ? path.map(String).join('.') : '(body)';
}

/** Parses `value` with `schema`, or throws a validation problem that names every failing field. */
export function parseWith<Schema extends z.ZodType>(schema: Schema, value: unknown): z.infer<Schema> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw validationError(result.error.issues.map((issue) => ({ name: fieldName(issue.path), reason: issue.message })));
}

/** Reads and validates a JSON body. */
export async function readJson<Schema extends z.ZodType>(c: Context, schema: Schema): Promise<z.infer<Schema>> {
  const contentType = c.req.header('content-type') ?? '';
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(contentType)) {
    throw new AppError('unsupported_media_type', 'Send the body as JSON with Content-Type: application/json.');
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new AppError('invalid_json', 'The request body could not be parsed as JSON.');
  }
  return parseWith(schema, body);
}

/** Validates the query string. */
export function readQuery<Schema extends z.ZodType>(c: Context, schema: Schema): z.infer<Schema> {
  return parseWith(schema, c.req.query());
}
