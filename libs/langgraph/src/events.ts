/** Workflow events on the EventCore (typed by declaration merging). */
declare module '@app/infrastructure' {
  interface AppEvents {
    'workflow.run.status': {
      runId: string;
      tenant: string;
      workflow: string;
      version: number;
      status: string;
      at: string;
    };
    'workflow.run.event': { runId: string; type: string; data: Record<string, unknown>; at: string };
    /** A Platform cron fired and started its run; `webhook` is the cron's, to be delivered for the run. */
    'langgraph.cron.fired': {
      tenant: string;
      cronId: string;
      runId: string;
      principalId: string | null;
      webhook: string | null;
      at: string;
    };
    /** A kill switch was turned on (tenant null: the global one). */
    'orchestration.halted': { scope: string; tenant: string | null; reason: string; by: string; at: string };
    'orchestration.resumed': { scope: string; tenant: string | null; by: string; at: string };
  }
}
export {};
