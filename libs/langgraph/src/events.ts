/** Workflow events on the EventCore (typed by declaration merging). */
declare module '@app/infrastructure' {
  interface AppEvents {
    'workflow.run.status': { runId: string; tenant: string; workflow: string; version: number; status: string; at: string };
    'workflow.run.event': { runId: string; type: string; data: Record<string, unknown>; at: string };
  }
}
export {};
