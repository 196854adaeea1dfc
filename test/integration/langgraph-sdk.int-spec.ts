import { newId } from '@app/infrastructure';
import { startSdkApp, type SdkApp } from '../support/langgraph-sdk';
import { platformScenarios } from '../support/langgraph-sdk-platform';
import { streamScenarios } from '../support/langgraph-sdk-streams';
import { threadScenarios } from '../support/langgraph-sdk-threads';
import { sqlAdmin as sql, TEST_DATABASE_URL as BASE_URL, urlWithSearchPath } from '../support/pg-schema';

jest.setTimeout(90_000);

const schema = `lgsdk_${newId().toLowerCase()}`;

/**
 * The LangGraph SDK scenarios of the e2e suite, on PostgreSQL: threads, assistants, store and
 * crons in the service schema, checkpoints in PostgresSaver's tables there.
 */
describe('LangGraph SDK on PostgreSQL', () => {
  let sdk: SdkApp;
  beforeAll(async () => {
    await sql(`CREATE SCHEMA "${schema}"`);
    sdk = await startSdkApp({ DATABASE_URL: urlWithSearchPath(BASE_URL, schema) });
  });
  afterAll(async () => {
    await sdk?.close();
    await sql(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  });

  it('keeps Platform threads and store items in PostgreSQL, and checkpoints in PostgresSaver', async () => {
    const client = sdk.client();
    const thread = await client.threads.create();
    await client.runs.wait(thread.thread_id, 'desk-assistant', {
      input: { desk: 'pg', symbol: 'EURUSD', quantity: 1 },
    });
    await client.store.putItem(['portfolio', 'pg'], 'positions', { EURUSD: 1 });
    const rows = await sql(`SELECT status FROM "${schema}".langgraph_threads WHERE thread_id = $1`, [thread.thread_id]);
    expect(rows.rows).toEqual([{ status: 'interrupted' }]);
    const saved = await sql(`SELECT count(*)::int AS n FROM "${schema}".checkpoints WHERE thread_id = $1`, [
      thread.thread_id,
    ]);
    expect(saved.rows[0].n).toBeGreaterThanOrEqual(3);
    const items = await sql(`SELECT value FROM "${schema}".langgraph_store_items WHERE namespace = 'portfolio.pg'`);
    expect(items.rows[0].value).toEqual({ EURUSD: 1 });
  });

  describe('threads, runs, state, history and interrupts', () => threadScenarios(() => sdk));
  describe('stream modes, join and Last-Event-ID', () => streamScenarios(() => sdk));
  describe('multitask strategies, assistants, the store and crons', () => platformScenarios(() => sdk));
});
