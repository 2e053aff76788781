import type { Hono } from 'hono';
import type { AppEnv } from './types.js';

interface RoutePattern { method: string; pattern: RegExp }

/**
 * Converts a Hono route path (`/api/profiles/:id/merge`, `:id{[0-9]+}`, `*`) to an anchored regular
 * expression, or null for a form it does not know (the route is then left out of `Allow`).
 */
function patternOf(path: string): RegExp | null {
  let source = '';
  for (const segment of path.split('/').filter(Boolean)) {
    if (segment === '*') {
      source += '(?:/.*)?';
      continue;
    }
    const param = /^:[A-Za-z_][A-Za-z0-9_]*(?:\{(.+)\})?(\?)?$/.exec(segment);
    if (param) {
      const part = `/(?:${param[1] ?? '[^/]+'})`;
      source += param[2] ? `(?:${part})?` : part;
      continue;
    }
    if (segment.includes(':') || segment.includes('{') || segment.includes('*')) return null;
    source += `/${segment.replace(/[.+?^${}()|[\]\\]/g, '\\$&')}`;
  }
  return new RegExp(`^${source || '/'}/?$`);
}

/**
 * Returns a function listing the methods that routes of `app` accept for a path, for a 405 response's
 * `Allow` header. It reads `app.routes` once, when first called, after every route is registered.
 */
export function allowedMethodsOf(app: Hono<AppEnv>): (path: string) => string[] {
  let patterns: RoutePattern[] | null = null;
  return (path) => {
    patterns ??= app.routes
      .filter((route) => route.method !== 'ALL')
      .flatMap((route) => {
        const pattern = patternOf(route.path);
        return pattern ? [{ method: route.method, pattern }] : [];
      });
    const methods = new Set(patterns.filter((route) => route.pattern.test(path)).map((route) => route.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods].sort();
  };
}
