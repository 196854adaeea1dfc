/** The evaluators an experiment can score its items with. */
export const EVALUATOR_TYPES = [
  'exact_match',
  'numeric_tolerance',
  'json_schema',
  'signal_outcome',
  'llm_judge',
] as const;
export type EvaluatorType = (typeof EVALUATOR_TYPES)[number];

export type EvaluatorSpec =
  /** 1 when the output equals the item's expected output (or its `field`), deep and key-order blind. */
  | { type: 'exact_match'; field?: string }
  /** Per field (dotted path): 1 when |output − expected| ≤ tolerance. */
  | { type: 'numeric_tolerance'; fields: Record<string, number> }
  /** 1 when the output is valid against the schema. */
  | { type: 'json_schema'; schema: Record<string, unknown> }
  /**
   * trading_signal outcome over `horizon` bars of realised prices (the item's
   * `expectedOutput.forwardCloses`, first entry the bar after the signal).
   */
  | { type: 'signal_outcome'; horizon: number }
  /** The configured LLM (llm-analyst) scores the output 0..1 against `criteria`. */
  | { type: 'llm_judge'; criteria: string };

/** Named scores of one item (null: not applicable, e.g. a hold signal's hit). */
export type ItemScores = Record<string, number | null>;
