import { AuditedRequest, isAudited, locationId, outcomeOf, requestEntry, responseFacts } from './http-audit';

const AT = new Date('2026-11-25T12:00:00.000Z');
const base: AuditedRequest = {
  method: 'POST',
  route: '/api/v1/agents/:id/messages',
  path: '/api/v1/agents/a1/messages',
  redactedUrl: '/api/v1/agents/a1/messages',
  params: { id: 'a1' },
  status: 202,
  finished: true,
  principal: { id: 'ops', role: 'operator', tenant: 't1', authMethod: 'api-key' },
  requestId: 'r1',
  sourceIp: '10.0.0.1',
  locationId: null,
  facts: {},
  headers: {},
};

describe('http audit', () => {
  it('audits 401s, 403s and every write, not successful or failed reads', () => {
    expect([401, 403].map((s) => isAudited('GET', s))).toEqual([true, true]);
    expect(['POST', 'put', 'PATCH', 'DELETE'].map((m) => isAudited(m, 500))).toEqual([true, true, true, true]);
    expect([200, 404, 500].map((s) => isAudited('GET', s))).toEqual([false, false, false]);
    expect(isAudited('OPTIONS', 204)).toBe(false);
  });

  it('names outcomes: success below 400, denied for 401/403, failure otherwise, aborted when the client left', () => {
    const outcomes = [201, 302, 401, 403, 404, 500].map((s) => outcomeOf(s, true));
    expect(outcomes).toEqual(['success', 'success', 'denied', 'denied', 'failure', 'failure']);
    expect(outcomeOf(200, false)).toBe('aborted');
  });

  it('targets the created resource (Location), else the path id, else the id a create answered with', () => {
    const sent = requestEntry({ ...base, locationId: 'm9' }, AT);
    expect(sent).toMatchObject({ target: 'm9', details: { params: { id: 'a1' } } });
    const onPath = requestEntry(base, AT);
    expect(onPath).toMatchObject({ target: 'a1', action: 'POST /api/v1/agents/:id/messages', tenant: 't1' });
    const created = { ...base, route: '/api/v1/agents', params: {}, facts: { createdId: 'a2' } };
    expect(requestEntry(created, AT).target).toBe('a2');
    expect(requestEntry({ ...created, status: 400 }, AT).target).toBeNull();
    expect(locationId('/api/v1/ai-orchestration/tasks/01J%2FX?x=1')).toBe('01J/X');
  });

  it('uses the path when no route matched, and keeps error code, reason and credential kind of refusals', () => {
    const body = { success: false, error: { code: 'FORBIDDEN', details: { reason: 'ip_not_allowed' } } };
    const refused: AuditedRequest = {
      ...base,
      method: 'GET',
      route: null,
      path: '/docs',
      redactedUrl: '/docs',
      params: {},
      status: 403,
      principal: null,
      headers: { authorization: 'Bearer x' },
      facts: responseFacts(body),
    };
    expect(requestEntry(refused, AT)).toMatchObject({
      action: 'GET /docs',
      principalId: null,
      tenant: null,
      outcome: 'denied',
      details: { path: '/docs', errorCode: 'FORBIDDEN', reason: 'ip_not_allowed', credentials: 'bearer' },
    });
  });
});
