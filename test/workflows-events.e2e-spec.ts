import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';
import { openSseClient } from './support/sse-client';
import { ORCH, RUNS, waitForRun } from './support/workflows';

jest.setTimeout(30_000);

/** Collects a stream's events until the server closes it. */
const openStream = openSseClient;

async function until(predicate: () => boolean, ms = 10_000) {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const FLOW = {
  name: 'streamed',
  nodes: [
    { id: 'first', kind: 'transform', output: { var: 'input.n' } },
    { id: 'left', kind: 'transform', output: { '+': [{ var: 'outputs.first' }, 1] } },
    { id: 'right', kind: 'transform', output: { '*': [{ var: 'outputs.first' }, 10] } },
    { id: 'approve', kind: 'approval', question: 'Ship it?' },
    { id: 'last', kind: 'transform', output: { '+': [{ var: 'outputs.left' }, { var: 'outputs.right' }] } },
  ],
  edges: [
    { from: 'start', to: 'first' },
    { from: 'first', to: ['left', 'right'] },
    { from: ['left', 'right'], to: 'approve' },
    { from: 'approve', to: 'last' },
    { from: 'last', to: 'end' },
  ],
  output: { var: 'outputs.last' },
};

describe('workflows: run events over Server-Sent Events', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
    await new Promise<void>((resolve) => t.http.listen(0, '127.0.0.1', resolve));
  }, 30_000);
  afterAll(async () => {
    await t.close();
  });

  it('streams a run in order: history first, then live events through an interrupt and resume, closing on done', async () => {
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({ workflow: FLOW, input: { n: 2 }, mode: 'sync' })
      .expect(200);
    expect(res.body.data.status).toBe('interrupted');
    const id = res.body.data.id;

    const stream = openStream(t.http, `${RUNS}/${id}/events`);
    await until(() => stream.events.some((e) => e.event === 'interrupt'));
    expect(stream.status()).toBe(200);
    expect(stream.contentType()).toMatch(/^text\/event-stream/);
    await request(t.http).post(`${RUNS}/${id}/resume`).send({ approved: true }).expect(201);
    await stream.closed;

    const seq = stream.events.map((e) =>
      e.event === 'run' || e.event === 'done' ? `${e.event}:${e.data.status}` : `${e.event}:${e.data.node}`,
    );
    const parallel = new Set(seq.slice(4, 8));
    expect(seq.slice(0, 4)).toEqual(['run:queued', 'run:running', 'node.started:first', 'node.finished:first']);
    // The two parallel branches interleave in either order; both start and finish in this step.
    expect(parallel).toEqual(
      new Set(['node.started:left', 'node.finished:left', 'node.started:right', 'node.finished:right']),
    );
    expect(seq.slice(8)).toEqual([
      'node.started:approve',
      'run:interrupted',
      'interrupt:approve',
      'run:queued',
      'run:running',
      'node.started:approve',
      'node.finished:approve',
      'node.started:last',
      'node.finished:last',
      'run:succeeded',
      'done:succeeded',
    ]);
    const interrupt = stream.events.find((e) => e.event === 'interrupt')!;
    expect(interrupt.data.request).toMatchObject({ kind: 'approval', question: 'Ship it?' });
    // Ids are strictly increasing, so a client can resume with Last-Event-ID.
    const ids = stream.events.map((e) => e.id!);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect((await waitForRun(t.http, id)).output).toBe(23);

    // Reconnecting with Last-Event-ID replays only what came after it.
    const tail = openStream(t.http, `${RUNS}/${id}/events`, { 'Last-Event-ID': ids[ids.length - 4] });
    await tail.closed;
    expect(tail.events.map((e) => e.event)).toEqual(['node.finished', 'run', 'done']);
  });

  it('a finished run replays its whole stream and closes; an unknown run is a 404 before any stream', async () => {
    const res = await request(t.http)
      .post(`${ORCH}/execute`)
      .send({
        workflow: {
          ...FLOW,
          nodes: FLOW.nodes.map((n) => (n.kind === 'approval' ? { id: 'approve', kind: 'transform', output: 0 } : n)),
        },
        input: { n: 1 },
        mode: 'sync',
      })
      .expect(200);
    expect(res.body.data.status).toBe('succeeded');
    const stream = openStream(t.http, `${RUNS}/${res.body.data.id}/events`);
    await stream.closed;
    expect(stream.events[0]).toMatchObject({ event: 'run', data: { status: 'queued' } });
    expect(stream.events[stream.events.length - 1]).toMatchObject({ event: 'done', data: { status: 'succeeded' } });
    expect(stream.events.filter((e) => e.event === 'node.finished')).toHaveLength(5);
    const missing = await request(t.http).get(`${RUNS}/01JD3Z8X6Q4W3N5R7T9V1B2C3D/events`).expect(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
  });
});
