/** A high surrogate without its low half, or a low surrogate without its high half. */
const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Makes text storable in PostgreSQL: NUL characters are removed and lone surrogates become U+FFFD, since
 * neither `text` nor `jsonb` accepts them and a failed insert would lose the message.
 */
export function cleanText(value: string): string {
  return value.replaceAll('\u0000', '').replace(loneSurrogate, '\ufffd');
}

/** Applies `cleanText` to every string (keys included) of a JSON value. */
export function cleanJson<T>(value: T): T {
  if (typeof value === 'string') return cleanText(value) as T;
  if (Array.isArray(value)) return value.map((item) => cleanJson(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [cleanText(key), cleanJson(item)])) as T;
  }
  return value;
}
