import type { WorkflowService } from '@app/langgraph';

type WorkflowSummary = Awaited<ReturnType<WorkflowService['listWorkflows']>>[number];

/**
 * One entry of GET /workflows as WORKFLOW_LIST_SCHEMA documents it: a template, or the latest
 * version of a registered workflow (description and inputSchema null when its definition has none).
 */
export function presentWorkflowSummary(w: WorkflowSummary) {
  const common = {
    name: w.name,
    kind: w.kind,
    version: w.version,
    versions: w.versions,
    activeRuns: w.activeRuns,
    runs: w.runs,
  };
  if (w.kind === 'template') {
    const { description, steps, inputSchema, example, output } = w;
    return { ...common, description, steps, inputSchema, example, output };
  }
  return {
    ...common,
    description: w.description ?? null,
    inputSchema: w.inputSchema ?? null,
    definition: w.definition,
    createdAt: w.createdAt,
  };
}
