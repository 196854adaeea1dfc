import { isDependencyOutage } from './dependency-outage';

describe('isDependencyOutage', () => {
  it('recognises refused connections, PostgreSQL connection errors and closed Redis connections', () => {
    expect(
      isDependencyOutage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })),
    ).toBe(true);
    expect(
      isDependencyOutage(
        Object.assign(new AggregateError([Object.assign(new Error('x'), { code: 'ECONNREFUSED' })]), {}),
      ),
    ).toBe(true);
    expect(
      isDependencyOutage(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(isDependencyOutage(Object.assign(new Error('x'), { code: '08006' }))).toBe(true);
    expect(isDependencyOutage(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDependencyOutage(new Error('wrapped', { cause: new Error('Connection is closed.') }))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isDependencyOutage(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDependencyOutage(new Error('boom'))).toBe(false);
    expect(isDependencyOutage(undefined)).toBe(false);
  });
});
