import { AppError, BaseConfig } from '@app/infrastructure';
import { createMediumModule, type MediumModule } from '@app/infrastructure/testing';
import { LanggraphModule, WorkflowService, type Run } from '@app/langgraph';
import { RunRetention, WorkflowCheckpointer } from '@app/langgraph/testing';

/**
 * The workflow service through LanggraphModule on a temporary SQLite file, without HTTP: a
 * definition registered and run to its output, an approval that pauses a run until a resume, the
 * run's event log and checkpoints as stored, and a definition the validator rejects.
 */
describe('langgraph: the workflow service on SQLite', () => {
  const TENANT = 'medium-tenant';
  let m: MediumModule;
  let workflows: WorkflowService;

  beforeAll(async () => {
    m = await createMediumModule([LanggraphModule]);
    workflows = m.get(WorkflowService);
  }, 60_000);
  afterAll(async () => {
    await m?.close();
  });

  const DOUBLE = {
    name: 'double',
    nodes: [{ id: 'double', kind: 'transform', output: { '*': [{ var: 'input.x' }, 2] } }],
    edges: [
      { from: 'start', to: 'double' },
      { from: 'double', to: 'end' },
    ],
    output: { doubled: { var: 'outputs.double' } },
  };

  const APPROVED_DOUBLE = {
    name: 'approved-double',
    nodes: [
      { id: 'double', kind: 'transform', output: { '*': [{ var: 'input.x' }, 2] } },
      { id: 'approve', kind: 'approval', question: 'Keep the double?' },
      {
        id: 'finish',
        kind: 'transform',
        output: { doubled: { var: 'outputs.double' }, approved: { var: 'outputs.approve.approved' } },
      },
    ],
    edges: [
      { from: 'start', to: 'double' },
      { from: 'double', to: 'approve' },
      { from: 'approve', to: 'finish' },
      { from: 'finish', to: 'end' },
    ],
    output: { var: 'outputs.finish' },
  };

  const execute = async (workflow: string, input: Record<string, unknown>): Promise<Run> => {
    const { run } = await workflows.execute({ tenant: TENANT, principalId: 'ops', workflow, input });
    return workflows.waitForSettled(TENANT, run.id, 10_000);
  };

  it('registers a definition and runs it to succeeded with its output and every node recorded', async () => {
    const stored = await workflows.register(TENANT, 'ops', DOUBLE);
    expect(stored).toMatchObject({ tenant: TENANT, name: 'double', version: 1, createdBy: 'ops' });

    const run = await execute('double', { x: 21 });
    expect(run).toMatchObject({ status: 'succeeded', source: 'registered', error: null, interrupt: null });
    expect(run.output).toEqual({ doubled: 42 });
    expect(run.finishedAt).toBeInstanceOf(Date);

    const { nodes } = await workflows.getWithNodes(TENANT, run.id);
    expect(nodes.map((n) => ({ key: n.key, status: n.status, attempts: n.attempts, output: n.output }))).toEqual([
      { key: 'double', status: 'succeeded', attempts: 1, output: 42 },
    ]);
    const summary = (await workflows.listWorkflows(TENANT)).find((w) => w.name === 'double');
    expect(summary).toMatchObject({ kind: 'registered', version: 1, activeRuns: 0 });
  });

  it('pauses at an approval until a resume, then continues from its checkpoint with the decision', async () => {
    await workflows.register(TENANT, 'ops', APPROVED_DOUBLE);
    const paused = await execute('approved-double', { x: 5 });
    expect(paused).toMatchObject({ status: 'interrupted', currentNode: 'approve', output: null });
    expect(paused.interrupt).toEqual([
      expect.objectContaining({ node: 'approve', value: expect.objectContaining({ question: 'Keep the double?' }) }),
    ]);
    const counts = (await workflows.listWorkflows(TENANT)).find((w) => w.name === 'approved-double');
    expect(counts).toMatchObject({ activeRuns: 1, runs: { queued: 0, running: 0, interrupted: 1 } });

    await workflows.resume(TENANT, paused.id, { approved: true, by: 'desk-head' });
    const done = await workflows.waitForSettled(TENANT, paused.id, 10_000);
    expect(done).toMatchObject({ status: 'succeeded', interrupt: null, pendingDecision: null });
    expect(done.output).toEqual({ doubled: 10, approved: true });
    // Resuming twice is a conflict: the run no longer waits for a decision.
    await expect(workflows.resume(TENANT, paused.id, { approved: true })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
  });

  it('stores the run’s event log in order and its LangGraph checkpoints', async () => {
    const run = await execute('double', { x: 4 });
    const events = await workflows.listEvents(run.id, null);
    expect(events.map((e) => e.type)).toEqual(expect.arrayContaining(['run', 'node.started', 'node.finished']));
    expect(events.map((e) => e.id)).toEqual([...events.map((e) => e.id)].sort());
    expect(events.every((e) => e.runId === run.id)).toBe(true);
    const after = await workflows.listEvents(run.id, events[0].id);
    expect(after.map((e) => e.id)).toEqual(events.slice(1).map((e) => e.id));

    const checkpoints = await workflows.checkpoints(TENANT, run.id, 20);
    expect(checkpoints.length).toBeGreaterThan(1);
    const newest = checkpoints[0];
    expect(newest.completedNodes).toContain('double');
    expect(newest.next).toEqual([]);
    expect(newest.outputs).toMatchObject({ double: 8 });
  });

  it('deletes finished runs past retention with their checkpoints, and keeps newer ones', async () => {
    const old = await execute('double', { x: 5 });
    expect((await workflows.checkpoints(TENANT, old.id, 20)).length).toBeGreaterThan(0);
    const checkpointOf = (id: string) =>
      m.get(WorkflowCheckpointer).saver.getTuple({ configurable: { thread_id: id } });
    const retentionDays = m.get(BaseConfig).values.aiComponents.langgraph.retentionDays;
    const retention = m.get(RunRetention);
    expect(await retention.sweep(new Date())).not.toContain(old.id);
    const later = new Date(Date.now() + (retentionDays + 1) * 86_400_000);
    expect(await retention.sweep(later)).toContain(old.id);
    await expect(workflows.get(TENANT, old.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await checkpointOf(old.id)).toBeUndefined();
  });

  it('rejects an invalid definition with the field that is wrong, and stores nothing', async () => {
    const invalid = { ...DOUBLE, name: 'broken', edges: [{ from: 'start', to: 'nowhere' }] };
    const rejected = await workflows.register(TENANT, 'ops', invalid).catch((error: unknown) => error);
    expect(rejected).toBeInstanceOf(AppError);
    expect(rejected).toMatchObject({ code: 'VALIDATION_FAILED' });
    const fields = ((rejected as AppError).details as { fields: Array<{ field: string }> }).fields;
    expect(fields).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'edges[0].to' })]));
    await expect(workflows.getWorkflow(TENANT, 'broken')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});
