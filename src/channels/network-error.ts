/**
 * Describes why a request to a channel's API did not get a response. Node's fetch reports only "fetch failed"
 * and keeps the reason (ECONNREFUSED, ENOTFOUND, a TLS error) in `cause`, which is added here; token-like
 * query values are masked in case a URL appears in a message.
 */
export function describeNetworkError(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current !== undefined && current !== null; depth += 1) {
    if (current instanceof Error) {
      const code = (current as { code?: unknown }).code;
      const text = typeof code === 'string' && !current.message.includes(code) ? `${code}: ${current.message}` : current.message;
      if (text && !parts.includes(text)) parts.push(text);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' — ').replace(/((?:access_)?token|secret|key)=[^&\s]+/gi, '$1=***');
}
