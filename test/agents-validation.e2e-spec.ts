import { AGENTS, AgentsHarness, bootAgents, builtinAgents, registerExternal } from './support/agents';

const UNKNOWN_ID = '01JD3Z8X6Q4W3N5R7T9V1B2C3D';

describe('agents: bad input gets a clear 4xx with a stable code naming the field', () => {
  let h: AgentsHarness;
  let desk: any;
  let builtin: Record<string, any>;

  beforeAll(async () => {
    h = await bootAgents({ AGENTS_MAX_PAYLOAD_BYTES: '2048' });
    desk = await registerExternal(h, 'val-desk', ['job']);
    builtin = await builtinAgents(h);
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  async function expectError(res: { status: number; body: any }, status: number, code: string, field?: string) {
    expect({ status: res.status, code: res.body.error?.code }).toEqual({ status, code });
    expect(res.body.success).toBe(false);
    if (field) expect(JSON.stringify(res.body.error)).toContain(field);
  }
  const sendMsg = (body: Record<string, unknown>) =>
    h.api('post', `${AGENTS}/messages`).send({ type: 'job', payload: {}, ...body });

  it('unknown agent: 404 NOT_FOUND for messages, reads, actions and the sender', async () => {
    await expectError(await sendMsg({ to: UNKNOWN_ID }), 404, 'NOT_FOUND', UNKNOWN_ID);
    await expectError(await sendMsg({ to: desk.id, from: UNKNOWN_ID }), 404, 'NOT_FOUND', UNKNOWN_ID);
    await expectError(await h.api('get', `${AGENTS}/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
    await expectError(await h.api('get', `${AGENTS}/${UNKNOWN_ID}/metrics`), 404, 'NOT_FOUND');
    await expectError(await h.api('post', `${AGENTS}/${UNKNOWN_ID}/pause`), 404, 'NOT_FOUND');
    await expectError(await h.api('get', `${AGENTS}/messages/${UNKNOWN_ID}`), 404, 'NOT_FOUND');
    await expectError(
      await h.api('post', `${AGENTS}/${desk.id}/messages/${UNKNOWN_ID}/ack`).send({ leaseId: UNKNOWN_ID }),
      404,
      'NOT_FOUND',
    );
    await expectError(await h.api('post', `${AGENTS}/dead-letters/${UNKNOWN_ID}/replay`), 404, 'NOT_FOUND');
  });

  it('unknown capability: 400 naming to.capability; no healthy agent for a known one: 503', async () => {
    await expectError(await sendMsg({ to: { capability: 'astrology' } }), 400, 'VALIDATION_FAILED', 'to.capability');
    await h.api('post', `${AGENTS}/${desk.id}/pause`).expect(200);
    await expectError(await sendMsg({ to: { capability: 'job' } }), 503, 'PROVIDER_UNAVAILABLE', 'job');
    await h.api('post', `${AGENTS}/${desk.id}/resume`).expect(200);
  });

  it('empty broadcast set: 400 naming to', async () => {
    await expectError(await sendMsg({ to: 'broadcast', type: 'nobody_does_this' }), 400, 'VALIDATION_FAILED', '"to"');
  });

  it('payload too large: 413 naming payload (and output on ack)', async () => {
    const big = { blob: 'x'.repeat(4000) };
    const res = await sendMsg({ to: desk.id, payload: big });
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE', 'payload');
    expect(res.body.error.details).toMatchObject({ field: 'payload', limit: 2048 });
    await sendMsg({ to: desk.id, payload: { small: true } }).expect(202);
    const [m] = (await h.api('get', `${AGENTS}/${desk.id}/messages`).expect(200)).body.data;
    await expectError(
      await h.api('post', `${AGENTS}/${desk.id}/messages/${m.id}/ack`).send({ leaseId: m.leaseId, output: big }),
      413,
      'PAYLOAD_TOO_LARGE',
      'output',
    );
    await h
      .api('post', `${AGENTS}/${desk.id}/messages/${m.id}/ack`)
      .send({ leaseId: m.leaseId, output: { ok: 1 } })
      .expect(200);
  });

  it('malformed sends: to, type, priority, ttlMs, maxDeliveries, unknown fields', async () => {
    await expectError(await sendMsg({ to: 42 }), 400, 'VALIDATION_FAILED', '"to"');
    await expectError(await sendMsg({ to: { capability: 'job', agent: 'x' } }), 400, 'VALIDATION_FAILED', 'to.agent');
    await expectError(await sendMsg({ to: { capability: '' } }), 400, 'VALIDATION_FAILED', 'to.capability');
    await expectError(
      await h.api('post', `${AGENTS}/messages`).send({ to: desk.id, payload: {} }),
      400,
      'VALIDATION_FAILED',
      'type',
    );
    await expectError(
      await h.api('post', `${AGENTS}/messages`).send({ to: desk.id, type: 'job' }),
      400,
      'VALIDATION_FAILED',
      'payload',
    );
    await expectError(await sendMsg({ to: desk.id, priority: 'urgent' }), 400, 'VALIDATION_FAILED', 'priority');
    await expectError(await sendMsg({ to: desk.id, ttlMs: 10 }), 400, 'VALIDATION_FAILED', 'ttlMs');
    await expectError(await sendMsg({ to: desk.id, ttlMs: 999_999_999_999 }), 400, 'VALIDATION_FAILED', 'ttlMs');
    await expectError(await sendMsg({ to: desk.id, maxDeliveries: 0 }), 400, 'VALIDATION_FAILED', 'maxDeliveries');
    await expectError(await sendMsg({ to: desk.id, extra: true }), 400, 'VALIDATION_FAILED', 'extra');
    // A built-in agent only takes the task types it serves.
    await expectError(
      await sendMsg({ to: builtin['options-pricer'].id, type: 'trading_signal' }),
      400,
      'VALIDATION_FAILED',
      'type',
    );
  });

  it('a built-in agent rejects invalid task input: dead letter with the validation problems, not counted against its health', async () => {
    const eq = builtin['equities-technical'];
    const res = await h
      .api('post', `${AGENTS}/messages?wait=10000`)
      .send({ to: eq.id, type: 'trading_signal', payload: { candles: [] } })
      .expect(200);
    const message = (await h.api('get', `${AGENTS}/messages/${res.body.data.messages[0].id}`).expect(200)).body.data;
    expect(message).toMatchObject({ status: 'dead', deadReason: 'rejected', error: { code: 'VALIDATION_FAILED' } });
    expect(JSON.stringify(message.error)).toContain('candles');
    const agent = (await h.api('get', `${AGENTS}/${eq.id}`).expect(200)).body.data;
    expect(agent.health).toMatchObject({ score: 100, consecutiveFailures: 0 });
  });

  it('registration and updates: names, kind, capabilities, limits, clashes', async () => {
    const reg = (body: Record<string, unknown>) =>
      h.api('post', AGENTS).send({ name: 'ok-name', kind: 'external', capabilities: ['job'], ...body });
    await expectError(await reg({ name: ' bad name' }), 400, 'VALIDATION_FAILED', 'name');
    await expectError(await reg({ kind: 'builtin' }), 400, 'VALIDATION_FAILED', 'kind');
    await expectError(await reg({ capabilities: [] }), 400, 'VALIDATION_FAILED', 'capabilities');
    await expectError(await reg({ capabilities: ['has space'] }), 400, 'VALIDATION_FAILED', 'capabilities');
    await expectError(await reg({ maxConcurrency: 0 }), 400, 'VALIDATION_FAILED', 'maxConcurrency');
    await expectError(await reg({ metadata: 'nope' }), 400, 'VALIDATION_FAILED', 'metadata');
    await expectError(await reg({ metadata: { big: 'y'.repeat(17_000) } }), 413, 'PAYLOAD_TOO_LARGE', 'metadata');
    await expectError(await reg({ name: 'val-desk' }), 409, 'CONFLICT', 'name');
    await expectError(await reg({ name: 'forex-technical' }), 409, 'CONFLICT', 'name');
    await expectError(
      await h.api('patch', `${AGENTS}/${desk.id}`).send({ maxConcurrency: 'many' }),
      400,
      'VALIDATION_FAILED',
      'maxConcurrency',
    );
    await expectError(await h.api('post', `${AGENTS}/${builtin['forex-technical'].id}/heartbeat`), 409, 'CONFLICT');
  });

  it('list and mailbox queries: status, kind, limit, cursor, wait, max, leaseId', async () => {
    await expectError(await h.api('get', `${AGENTS}?status=sleepy`), 400, 'VALIDATION_FAILED', 'status');
    await expectError(await h.api('get', `${AGENTS}?kind=robot`), 400, 'VALIDATION_FAILED', 'kind');
    await expectError(await h.api('get', `${AGENTS}?limit=0`), 400, 'VALIDATION_FAILED', 'limit');
    await expectError(await h.api('get', `${AGENTS}?cursor=garbage`), 400, 'VALIDATION_FAILED', 'cursor');
    await expectError(await h.api('get', `${AGENTS}/dead-letters?reason=bored`), 400, 'VALIDATION_FAILED', 'reason');
    await expectError(await h.api('get', `${AGENTS}/${desk.id}/messages?wait=-1`), 400, 'VALIDATION_FAILED', 'wait');
    await expectError(await h.api('get', `${AGENTS}/${desk.id}/messages?max=0`), 400, 'VALIDATION_FAILED', 'max');
    await expectError(
      await h.api('get', `${AGENTS}/${desk.id}/messages?leaseMs=999999999`),
      400,
      'VALIDATION_FAILED',
      'leaseMs',
    );
    await expectError(
      await h.api('post', `${AGENTS}/${desk.id}/messages/${UNKNOWN_ID}/ack`).send({ leaseId: 'not-a-lease' }),
      400,
      'VALIDATION_FAILED',
      'leaseId',
    );
    await expectError(
      await h
        .api('post', `${AGENTS}/${desk.id}/messages/${UNKNOWN_ID}/nack`)
        .send({ leaseId: UNKNOWN_ID, delayMs: -5 }),
      400,
      'VALIDATION_FAILED',
      'delayMs',
    );
    // Paging through agents with the cursor returns each agent once.
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = (await h.api('get', `${AGENTS}?limit=4${cursor ? `&cursor=${cursor}` : ''}`).expect(200)).body
        .data;
      seen.push(...page.items.map((a: any) => a.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBe(Object.keys(builtin).length + 1);
  });
});
