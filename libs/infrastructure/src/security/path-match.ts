/**
 * Path-prefix matching on segment boundaries: '/health' matches '/health', '/health/' and
 * '/health/live' but not '/healthz' or '/health-admin', so an open prefix can never open a
 * sibling route by accident.
 */
export function matchesPathPrefix(path: string, prefix: string): boolean {
  const p = normalizePrefix(prefix);
  if (p === '/') return true;
  return path === p || path.startsWith(`${p}/`);
}

export function matchesAnyPrefix(path: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => matchesPathPrefix(path, prefix));
}

function normalizePrefix(prefix: string): string {
  let p = prefix.trim();
  if (!p.startsWith('/')) p = `/${p}`;
  while (p.length > 1 && p.endsWith('/')) p = p.slice(0, -1);
  return p;
}

/**
 * The path used for open-path decisions: the matched route template (`req.route.path`, e.g.
 * '/health/live') when Express has one, else the raw URL path. The template is what decided
 * which handler runs, so case tricks ('/HEALTH') or encodings ('/%68ealth') cannot make a
 * protected handler look like an open one.
 */
export function routePath(req: { route?: { path?: unknown }; originalUrl?: string; url?: string }): string {
  const template = req.route?.path;
  if (typeof template === 'string') return template;
  const url = req.originalUrl ?? req.url ?? '/';
  const q = url.indexOf('?');
  return q === -1 ? url : url.slice(0, q);
}
