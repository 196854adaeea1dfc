import request from 'supertest';
import { Tiktoken } from 'js-tiktoken/lite';
import cl100k from 'js-tiktoken/ranks/cl100k_base';
import { createTestApp, TestApp } from './support/create-test-app';
import { agentPath } from './support/memory';

// An independent count with the same tokenizer the service claims to use.
const encoder = new Tiktoken(cl100k);
const count = (text: string) => encoder.encode(text).length;

type Item = { kind: 'block' | 'message' | 'memory'; label?: string; id?: string; tokens: number; reason?: string };
interface Ctx {
  budgetTokens: number;
  usedTokens: number;
  tokenizer: string;
  text: string;
  included: Item[];
  cut: Item[];
}

const BASE = agentPath('ctx');
const BLOCKS = {
  persona: 'You are a disciplined FX trader who never risks more than one percent of equity on a trade.',
  rules: 'Flat before NFP.',
};
const MESSAGES = [
  ['user', 'Morning. What is on the calendar today?'],
  ['assistant', 'ECB minutes at noon and US jobless claims.'],
  ['user', 'EUR/USD just broke 1.10. Is the breakout real?'],
  ['assistant', 'Volume is above average, so it looks genuine.'],
  ['user', 'Then size it at half a percent.'],
] as const;

/**
 * Must show 4: core blocks first, then the session's recent messages, then search hits; the
 * text never exceeds the budget, its token count is exact, and every cut item is listed.
 */
describe('memory context assembly', () => {
  let t: TestApp;
  let sessionId: string;
  let messageIds: string[];
  const hitIds: Record<string, string> = {};

  const context = async (query: Record<string, unknown>): Promise<Ctx> =>
    (
      await request(t.http)
        .get(`${BASE}/context`)
        .query({ sessionId, q: 'breakout volume', ...query })
        .expect(200)
    ).body.data;

  beforeAll(async () => {
    t = await createTestApp();
    for (const [label, value] of Object.entries(BLOCKS))
      await request(t.http).put(`${BASE}/blocks/${label}`).send({ value }).expect(201);
    sessionId = (await request(t.http).post(`${BASE}/sessions`).send({}).expect(201)).body.data.id;
    const res = await request(t.http)
      .post(`${BASE}/sessions/${sessionId}/messages`)
      .send({ messages: MESSAGES.map(([role, content]) => ({ role, content })) })
      .expect(201);
    messageIds = res.body.data.items.map((m: { id: string }) => m.id);
    const hits = {
      short: 'Breakout trades need volume confirmation.',
      long: `Breakout review: ${'the desk logged every failed breakout with its volume, spread, session and news context. '.repeat(12)}`,
      other: 'Breakout sizing: start small and add on the retest.',
    };
    for (const [key, content] of Object.entries(hits)) {
      hitIds[key] = (
        await request(t.http).post(`${BASE}/memories`).send({ type: 'semantic', content, importance: 0.8 }).expect(201)
      ).body.data.id;
    }
  });
  afterAll(async () => {
    await t.close();
  });

  const blockTokens = () => count(`[block:persona] ${BLOCKS.persona}\n\n`) + count(`[block:rules] ${BLOCKS.rules}\n\n`);
  const messageTokens = (i: number) => count(`[${MESSAGES[i][0]}] ${MESSAGES[i][1]}\n\n`);

  it('with room for everything: blocks, then messages oldest first, then hits; exact count', async () => {
    const ctx = await context({ budgetTokens: 5000 });
    expect(ctx.tokenizer).toBe('cl100k_base');
    expect(ctx.cut).toEqual([]);
    expect(ctx.included.map((i) => i.kind)).toEqual([
      'block',
      'block',
      'message',
      'message',
      'message',
      'message',
      'message',
      'memory',
      'memory',
      'memory',
    ]);
    expect(ctx.included.slice(0, 2).map((i) => i.label)).toEqual(['persona', 'rules']);
    expect(ctx.included.slice(2, 7).map((i) => i.id)).toEqual(messageIds);
    expect(
      ctx.text.startsWith(
        `[block:persona] ${BLOCKS.persona}\n\n[block:rules] ${BLOCKS.rules}\n\n[user] ${MESSAGES[0][1]}`,
      ),
    ).toBe(true);
    expect(ctx.usedTokens).toBe(count(ctx.text));
    expect(ctx.usedTokens).toBe(ctx.included.reduce((s, i) => s + i.tokens, 0));
    expect(ctx.usedTokens).toBeLessThanOrEqual(5000);
    // Session messages are not repeated among the hits even though they match the query.
    expect(new Set(ctx.included.map((i) => i.id ?? i.label)).size).toBe(ctx.included.length);
  });

  it('fills a budget exactly: blocks and the two newest messages; the rest is listed as cut', async () => {
    const budget = blockTokens() + messageTokens(4) + messageTokens(3);
    const ctx = await context({ budgetTokens: budget });
    expect(ctx.usedTokens).toBe(budget);
    expect(count(ctx.text)).toBe(budget);
    expect(ctx.included.map((i) => i.id ?? i.label)).toEqual(['persona', 'rules', messageIds[3], messageIds[4]]);
    expect(ctx.cut.filter((c) => c.kind === 'message').map((c) => c.id)).toEqual([
      messageIds[2],
      messageIds[1],
      messageIds[0],
    ]);
    expect(
      ctx.cut
        .filter((c) => c.kind === 'memory')
        .map((c) => c.id)
        .sort(),
    ).toEqual(Object.values(hitIds).sort());
    expect(ctx.cut.every((c) => c.reason === 'budget' && c.tokens > 0)).toBe(true);
    // One token less and the older of the two messages goes.
    const tighter = await context({ budgetTokens: budget - 1, searchHits: 0 });
    expect(tighter.included.map((i) => i.id ?? i.label)).toEqual(['persona', 'rules', messageIds[4]]);
    expect(tighter.usedTokens).toBe(budget - messageTokens(3));
    // With hits offered, a hit small enough for the room the message left takes it.
    const withHits = await context({ budgetTokens: budget - 1 });
    expect(withHits.included.filter((i) => i.kind === 'message').map((i) => i.id)).toEqual([messageIds[4]]);
    expect(withHits.usedTokens).toBe(count(withHits.text));
    expect(withHits.usedTokens).toBeLessThanOrEqual(budget - 1);
  });

  it('places blocks first and cuts a block that does not fit while a smaller one still fits', async () => {
    const rulesOnly = count(`[block:rules] ${BLOCKS.rules}\n\n`);
    const ctx = await context({ budgetTokens: rulesOnly + 1, recentMessages: 0 });
    expect(ctx.included.map((i) => i.label ?? i.id)).toEqual(['rules']);
    expect(ctx.cut[0]).toMatchObject({ kind: 'block', label: 'persona', reason: 'budget' });
    expect(ctx.text).toBe(`[block:rules] ${BLOCKS.rules}\n\n`);
  });

  it('skips a hit that does not fit and keeps smaller ones; every cut block or hit was bigger than the room left', async () => {
    const longTokens = count(
      `[memory:semantic] ${(await request(t.http).get(`${BASE}/memories/${hitIds.long}`).expect(200)).body.data.content.trim()}\n\n`,
    );
    const budget = blockTokens() + MESSAGES.reduce((s, _m, i) => s + messageTokens(i), 0) + 40;
    expect(longTokens).toBeGreaterThan(40);
    const ctx = await context({ budgetTokens: budget });
    const includedHits = ctx.included.filter((i) => i.kind === 'memory').map((i) => i.id);
    expect(includedHits).not.toContain(hitIds.long);
    expect(includedHits.length).toBeGreaterThan(0);
    expect(ctx.cut.map((c) => c.id)).toContain(hitIds.long);
    for (const c of ctx.cut.filter((x) => x.kind !== 'message'))
      expect(c.tokens).toBeGreaterThan(budget - ctx.usedTokens);
    expect(ctx.usedTokens).toBe(count(ctx.text));
  });

  it('records an access only on the hits it included', async () => {
    const accessCount = async (id: string) =>
      (await request(t.http).get(`${BASE}/memories/${id}`).expect(200)).body.data.accessCount as number;
    const before = new Map<string, number>();
    for (const id of Object.values(hitIds)) before.set(id, await accessCount(id));
    const budget = blockTokens() + MESSAGES.reduce((s, _m, i) => s + messageTokens(i), 0) + 40;
    const ctx = await context({ budgetTokens: budget });
    const included = ctx.included.filter((i) => i.kind === 'memory').map((i) => i.id!);
    expect(included.length).toBeGreaterThan(0);
    for (const id of Object.values(hitIds)) {
      expect({ id, count: await accessCount(id) }).toEqual({
        id,
        count: before.get(id)! + (included.includes(id) ? 1 : 0),
      });
    }
    expect(included).not.toContain(hitIds.long);
  });

  it('without q or session packs only the blocks', async () => {
    const res = await request(t.http).get(`${BASE}/context`).expect(200);
    expect(res.body.data.included.map((i: Item) => i.label)).toEqual(['persona', 'rules']);
    expect(res.body.data.search).toBeNull();
    expect(res.body.data.budgetTokens).toBe(2000);
  });
});
