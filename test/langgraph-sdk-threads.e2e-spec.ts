import { startSdkApp, type SdkApp } from './support/langgraph-sdk';

describe('LangGraph SDK: threads, runs, state, history and interrupts', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    sdk = await startSdkApp();
  });
  afterAll(async () => {
    await sdk?.close();
  });

  it('runs the docs-style graph to its interrupt and resumes it with Command', async () => {
    const client = sdk.client();
    const thread = await client.threads.create({ metadata: { desk: 'fx' } });
    const waiting = (await client.runs.wait(thread.thread_id, 'desk-assistant', {
      input: { desk: 'fx', symbol: 'EURUSD', quantity: 100000 },
    })) as Record<string, any>;
    expect(waiting.__interrupt__[0].value).toMatchObject({ symbol: 'EURUSD', quantity: 100000 });
    const state = await client.threads.getState(thread.thread_id);
    expect(state.next).toEqual(['approve']);
    expect((await client.threads.get(thread.thread_id)).status).toBe('interrupted');

    const done = (await client.runs.wait(thread.thread_id, 'desk-assistant', {
      command: { resume: { approved: true } },
    })) as Record<string, any>;
    expect(done.trades).toEqual([{ symbol: 'EURUSD', quantity: 100000 }]);
    expect(done.positions).toEqual({ EURUSD: 100000 });
    expect((await client.threads.get(thread.thread_id)).status).toBe('idle');
  });
});
