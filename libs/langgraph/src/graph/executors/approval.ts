import { END, interrupt } from '@langchain/langgraph';
import type { ApprovalDecision } from '../../runs/run.types';
import type { DynamicGraphBuilder } from '../graph-types';

/** What an approval node asks; GET /runs/:id shows it while the run is interrupted. */
export interface ApprovalRequest {
  kind: 'approval';
  question: string;
  details?: unknown;
  options: ['approve', 'reject'];
}

export interface ApprovalOutcome {
  required: boolean;
  approved: boolean;
  comment?: string;
  by?: string;
  reason?: string;
}

/**
 * Pauses the run for a human (LangGraph interrupt) when `required`; otherwise approves at once,
 * saying why. On resume LangGraph re-enters the node and interrupt() returns the decision.
 */
export function askApproval(required: boolean, question: string, details: unknown, reason?: string): ApprovalOutcome {
  if (!required) return { required: false, approved: true, ...(reason ? { reason } : {}) };
  const request: ApprovalRequest = { kind: 'approval', question, details, options: ['approve', 'reject'] };
  const decision = interrupt<ApprovalRequest, ApprovalDecision>(request);
  return {
    required: true,
    approved: decision.approved === true,
    ...(decision.comment ? { comment: decision.comment } : {}),
    ...(decision.by ? { by: decision.by } : {}),
  };
}

/** A template's last step: from its `approval` node to `onApproved` or to `rejected`, and from either to the end. */
export function endAfterApproval(g: DynamicGraphBuilder, onApproved: string): void {
  g.addConditionalEdges(
    'approval',
    (s) => ((s.outputs.approval as ApprovalOutcome).approved ? onApproved : 'rejected'),
    [onApproved, 'rejected'],
  );
  g.addEdge(onApproved, END);
  g.addEdge('rejected', END);
}
