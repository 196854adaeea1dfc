import { matchesAnyPrefix, matchesPathPrefix, routePath } from './path-match';

describe('matchesPathPrefix', () => {
  it('matches on segment boundaries only', () => {
    expect(matchesPathPrefix('/health', '/health')).toBe(true);
    expect(matchesPathPrefix('/health/live', '/health')).toBe(true);
    expect(matchesPathPrefix('/health/', '/health/')).toBe(true);
    expect(matchesPathPrefix('/healthz', '/health')).toBe(false);
    expect(matchesPathPrefix('/health-admin', '/health')).toBe(false);
    expect(matchesPathPrefix('/api/v1/health', '/health')).toBe(false);
  });

  it('normalises the prefix', () => {
    expect(matchesPathPrefix('/metrics', 'metrics/')).toBe(true);
    expect(matchesPathPrefix('/anything', '/')).toBe(true);
    expect(matchesAnyPrefix('/docs', ['/health', '/docs'])).toBe(true);
    expect(matchesAnyPrefix('/api', [])).toBe(false);
  });
});

describe('routePath', () => {
  it('prefers the matched route template over the raw URL', () => {
    expect(routePath({ route: { path: '/api/v1/tasks/:id' }, originalUrl: '/API/v1/tasks/7?x=1' })).toBe(
      '/api/v1/tasks/:id',
    );
    expect(routePath({ originalUrl: '/health/live?probe=1' })).toBe('/health/live');
    expect(routePath({ url: '/x' })).toBe('/x');
  });
});
