import { Annotation } from '@langchain/langgraph';
import type { LangGraphRunnableConfig } from '@langchain/langgraph';

const merge = <T>(a: Record<string, T>, b: Record<string, T>) => ({ ...a, ...b });

/**
 * The one state shape every workflow graph shares: the run input, each node's output under its
 * key (parallel branches write different keys, so their updates merge), and visit counts that
 * bound cycles. Keeping it generic lets templates and dynamic definitions share the runner.
 */
export const WorkflowState = Annotation.Root({
  input: Annotation<Record<string, unknown>>(),
  outputs: Annotation<Record<string, unknown>>({ reducer: merge, default: () => ({}) }),
  visits: Annotation<Record<string, number>>({ reducer: merge, default: () => ({}) }),
});
export type WorkflowStateValue = typeof WorkflowState.State;
export type WorkflowStateUpdate = typeof WorkflowState.Update;

/** Who a node works for; passed as `configurable` so one compiled graph serves every run. */
export interface RunRef {
  runId: string;
  tenant: string;
  principalId: string | null;
  workflow: string;
  version: number;
  /** A replay recomputes every task (the result cache is not used), so it proves what it shows. */
  replay?: boolean;
}

/**
 * The configurable of a run's invocation. The checkpointer thread is the run's own id, or the
 * LangGraph Platform thread it runs on (several runs share one thread's state); `run_id` names the
 * run either way (and lands in each checkpoint's metadata).
 */
export function runConfigurable(
  run: RunRef & { threadId?: string | null },
): Record<string, string | number | boolean | null> {
  return {
    thread_id: run.threadId ?? run.runId,
    run_id: run.runId,
    tenant: run.tenant,
    principal_id: run.principalId,
    workflow: run.workflow,
    version: run.version,
    replay: run.replay ?? false,
  };
}

export function runRefOf(config: LangGraphRunnableConfig): RunRef {
  const c = (config.configurable ?? {}) as Record<string, unknown>;
  return {
    runId: String(c.run_id ?? c.thread_id),
    tenant: String(c.tenant),
    principalId: (c.principal_id as string | null) ?? null,
    workflow: String(c.workflow),
    version: Number(c.version),
    replay: c.replay === true,
  };
}
