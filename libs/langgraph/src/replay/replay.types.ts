import type { RunStatus } from '../runs/run.types';
import type { DiffVerdict, ValueComparison } from './run-diff';

/** Keys whose values name what each run did on its own (its tasks, its memory writes), not what it computed. */
export const REPLAY_IGNORED_KEYS: readonly string[] = ['taskId', 'taskIds', 'cacheHit', 'memoryId'];

/** Default relative tolerance of a diff (`?tolerance=`). */
export const DEFAULT_REPLAY_TOLERANCE = 1e-9;

/** One node of the original against the same node of the replay. */
export interface NodeDiff {
  node: string;
  verdict: DiffVerdict | 'missing_in_replay' | 'missing_in_original';
  originalStatus: string | null;
  replayStatus: string | null;
  comparison: ValueComparison | null;
}

/** A replay against its original, node by node, with the input and the final output. */
export interface ReplayDiff {
  runId: string;
  replayId: string;
  replayStatus: RunStatus;
  tolerance: number;
  ignoredKeys: readonly string[];
  /** Every node and the output equal, or within tolerance. */
  identical: boolean;
  summary: Record<NodeDiff['verdict'], number>;
  input: ValueComparison;
  output: ValueComparison;
  nodes: NodeDiff[];
}
