import { AgentGateway, AppError } from '@app/infrastructure';
import { AgentsHarness, bootAgents, breakModel, builtinAgents, registerExternal } from './support/agents';
import { spyCandles } from './support/agents-market-data';

describe('AgentGateway (what workflows use): request → reply over the mailboxes', () => {
  let h: AgentsHarness;
  let gateway: AgentGateway;
  let builtin: Record<string, any>;

  beforeAll(async () => {
    h = await bootAgents();
    gateway = h.t.app.get(AgentGateway, { strict: false });
    builtin = await builtinAgents(h);
  }, 30_000);
  afterAll(async () => {
    await h.close();
  });

  it('resolves with the reply of the healthiest agent with a capability', async () => {
    const reply = await gateway.request({
      tenant: 'acme',
      to: { capability: 'risk_assessment' },
      type: 'risk_assessment',
      payload: { candles: spyCandles(60) },
      timeoutMs: 10_000,
    });
    expect(Object.values(builtin).find((a: any) => a.id === reply.agentId)?.capabilities).toContain('risk_assessment');
    expect((reply.output as { periods: number }).periods).toBe(59);
  });

  it('rejects with PROVIDER_UNAVAILABLE carrying the agent error when the agent fails', async () => {
    const restore = breakModel(h.t, 'commodities-technical');
    try {
      const failure = gateway.request({
        tenant: 'acme',
        to: builtin['commodities-technical'].id,
        type: 'trading_signal',
        payload: { candles: spyCandles(66) },
        timeoutMs: 10_000,
      });
      await expect(failure).rejects.toMatchObject({
        code: 'PROVIDER_UNAVAILABLE',
        details: { error: { code: 'EXECUTION_ERROR' } },
      });
    } finally {
      restore();
    }
  });

  it('rejects with TIMEOUT when nobody answers in time, and withdraws the message', async () => {
    const mute = await registerExternal(h, 'mute', ['summarise']);
    const err = (await gateway
      .request({ tenant: 'acme', to: mute.id, type: 'summarise', payload: {}, timeoutMs: 300 })
      .catch((e) => e)) as AppError;
    expect(err.code).toBe('TIMEOUT');
    const messageId = (err.details as { messageId: string }).messageId;
    expect((await h.api('get', `/api/v1/agents/messages/${messageId}`).expect(200)).body.data).toMatchObject({
      status: 'dead',
      deadReason: 'cancelled',
    });
  });
});
