import { api, clusterResources, until } from '../support/distributed';
import { ORCH, approvalFlow } from '../support/workflows';

jest.setTimeout(120_000);

/** A flow that pauses for a human between two steps, so its state must live in PostgresSaver. */
const FLOW = approvalFlow('cross-replica-approval');

/**
 * Issue 10, "must show" 5: a workflow interrupted on replica A is resumed through replica B. Both
 * replicas share PostgreSQL (runs and LangGraph checkpoints) and Redis.
 */
describe('distributed mode: workflows across replicas', () => {
  const cluster = clusterResources('dist_wf');
  afterAll(() => cluster.release());

  it('resumes through replica B a run interrupted on replica A, which B then finishes', async () => {
    const [a, b] = await cluster.startInTurn(await cluster.env(), 'all', 'all');

    expect((await api(a.port, 'POST', `${ORCH}/workflows`, FLOW)).status).toBe(201);
    const started = await api(a.port, 'POST', `${ORCH}/execute`, {
      workflow: FLOW.name,
      input: { n: 7 },
      mode: 'sync',
    });
    expect(started.status).toBe(200);
    const id = started.body.data.id as string;
    expect(started.body.data.status).toBe('interrupted');

    // B sees the run waiting, with what is asked, without having executed any of it.
    const onB = await api(b.port, 'GET', `${ORCH}/runs/${id}`);
    expect(onB.status).toBe(200);
    expect(onB.body.data.status).toBe('interrupted');
    expect(JSON.stringify(onB.body.data)).toContain('Ship it?');

    const resumed = await api(b.port, 'POST', `${ORCH}/runs/${id}/resume`, { approved: true });
    expect(resumed.status).toBe(201);
    let final: any;
    await until(
      async () => {
        final = (await api(b.port, 'GET', `${ORCH}/runs/${id}`)).body.data;
        return final.status === 'succeeded' || final.status === 'failed';
      },
      30_000,
      'the resumed run to finish',
    );
    expect(final.status).toBe('succeeded');
    expect(final.output).toBe(70);
    // Both replicas agree on the outcome, and a second resume is refused on either.
    expect((await api(a.port, 'GET', `${ORCH}/runs/${id}`)).body.data.status).toBe('succeeded');
    expect((await api(a.port, 'POST', `${ORCH}/runs/${id}/resume`, { approved: true })).status).toBe(409);
  });
});
