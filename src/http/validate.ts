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

// A NUL character or an unpaired UTF-16 surrogate cannot be stored in PostgreSQL text or jsonb.
const unstorableCharacter = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Path of the first string (or object key) in `value` that PostgreSQL cannot store, or null. */
function findUnstorableText(value: unknown, path: PropertyKey[] = []): PropertyKey[] | null {
  if (typeof value === 'string') return unstorableCharacter.test(value) ? path : null;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const found = findUnstorableText(item, [...path, index]);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (unstorableCharacter.test(key)) return [...path, key];
      const found = findUnstorableText(item, [...path, key]);
      if (found) return found;
    }
  }
  return null;
}

function rejectUnstorableText(value: unknown): void {
  const path = findUnstorableText(value);
  if (path) {
    throw validationError([{ name: fieldName(path), reason: 'contains a NUL character or an unpaired surrogate; remove it' }]);
  }
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
  rejectUnstorableText(body);
  return parseWith(schema, body);
}

/** Validates the query string. */
export function readQuery<Schema extends z.ZodType>(c: Context, schema: Schema): z.infer<Schema> {
  const query = c.req.query();
  rejectUnstorableText(query);
  return parseWith(schema, query);
}
