import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { FieldProblem } from '@app/infrastructure';
import { EVALUATOR_TYPES, type EvaluatorSpec, type ItemScores } from './evaluator.types';
import { jsonEqual, valueAt } from './paths';
import { scoreSignal, type SignalOutcome } from './signal-outcome';

const MAX_EVALUATORS = 10;
const MAX_FIELDS = 50;
const MAX_HORIZON = 250;

/** The evaluators of one experiment, checked and compiled once. */
export class Evaluators {
  private readonly schemas = new Map<number, ValidateFunction>();

  private constructor(readonly specs: EvaluatorSpec[]) {}

  /** Checks the specs (400 naming `evaluators[i].…`) and compiles JSON Schemas. */
  static compile(specs: unknown): { evaluators?: Evaluators; problems: FieldProblem[] } {
    const problems: FieldProblem[] = [];
    if (!Array.isArray(specs) || specs.length === 0 || specs.length > MAX_EVALUATORS)
      return { problems: [{ field: 'evaluators', message: `must be an array of 1 to ${MAX_EVALUATORS} evaluators` }] };
    const evaluators = new Evaluators(specs as EvaluatorSpec[]);
    const ajv = new Ajv({ allErrors: false, strict: false });
    addFormats(ajv);
    specs.forEach((spec: Record<string, unknown>, i) => {
      const at = `evaluators[${i}]`;
      if (!(EVALUATOR_TYPES as readonly string[]).includes(spec?.type as string)) {
        problems.push({ field: `${at}.type`, message: `must be one of ${EVALUATOR_TYPES.join(', ')}` });
        return;
      }
      const allowed: Record<string, string[]> = {
        exact_match: ['type', 'field'],
        numeric_tolerance: ['type', 'fields'],
        json_schema: ['type', 'schema'],
        signal_outcome: ['type', 'horizon'],
        llm_judge: ['type', 'criteria'],
      };
      for (const key of Object.keys(spec))
        if (!allowed[spec.type as string].includes(key))
          problems.push({ field: `${at}.${key}`, message: 'is not an allowed field' });
      if (spec.type === 'exact_match' && spec.field !== undefined && typeof spec.field !== 'string')
        problems.push({ field: `${at}.field`, message: 'must be a dotted path' });
      if (spec.type === 'numeric_tolerance') {
        const fields = spec.fields as Record<string, unknown> | undefined;
        if (!fields || typeof fields !== 'object' || Array.isArray(fields) || Object.keys(fields).length === 0)
          problems.push({ field: `${at}.fields`, message: 'must map dotted paths to tolerances' });
        else if (Object.keys(fields).length > MAX_FIELDS)
          problems.push({ field: `${at}.fields`, message: `must hold at most ${MAX_FIELDS} fields` });
        else
          for (const [path, tol] of Object.entries(fields))
            if (typeof tol !== 'number' || !Number.isFinite(tol) || tol < 0)
              problems.push({ field: `${at}.fields.${path}`, message: 'must be a tolerance ≥ 0' });
      }
      if (spec.type === 'json_schema') {
        if (!spec.schema || typeof spec.schema !== 'object' || Array.isArray(spec.schema))
          problems.push({ field: `${at}.schema`, message: 'must be a JSON Schema object' });
        else
          try {
            evaluators.schemas.set(i, ajv.compile(spec.schema as object));
          } catch (err) {
            problems.push({ field: `${at}.schema`, message: `is not a valid JSON Schema: ${(err as Error).message}` });
          }
      }
      if (
        spec.type === 'signal_outcome' &&
        !(Number.isInteger(spec.horizon) && (spec.horizon as number) >= 1 && (spec.horizon as number) <= MAX_HORIZON)
      )
        problems.push({ field: `${at}.horizon`, message: `must be an integer from 1 to ${MAX_HORIZON}` });
    });
    return problems.length ? { problems } : { evaluators, problems };
  }

  /** Whether an LLM judges the outputs (those scores come from ExperimentRunner, asynchronously). */
  get judges(): { index: number; criteria: string }[] {
    return this.specs.flatMap((s, index) => (s.type === 'llm_judge' ? [{ index, criteria: s.criteria }] : []));
  }

  /** Scores one item's output; `signal` is its signal outcome, when a signal_outcome evaluator applies. */
  score(input: unknown, expected: unknown, output: unknown): { scores: ItemScores; signal: SignalOutcome | null } {
    const scores: ItemScores = {};
    let signal: SignalOutcome | null = null;
    this.specs.forEach((spec, i) => {
      switch (spec.type) {
        case 'exact_match':
          scores[spec.field ? `exact_match:${spec.field}` : 'exact_match'] =
            expected === undefined || expected === null
              ? null
              : jsonEqual(valueAt(output, spec.field), valueAt(expected, spec.field))
                ? 1
                : 0;
          break;
        case 'numeric_tolerance':
          for (const [path, tolerance] of Object.entries(spec.fields)) {
            const got = valueAt(output, path);
            const want = valueAt(expected, path);
            scores[`within:${path}`] =
              typeof want !== 'number' ? null : typeof got === 'number' && Math.abs(got - want) <= tolerance ? 1 : 0;
          }
          break;
        case 'json_schema':
          scores.json_schema = this.schemas.get(i)!(output) ? 1 : 0;
          break;
        case 'llm_judge':
          break; // asynchronous: see ExperimentRunner.judge
        case 'signal_outcome': {
          const candles = (input as { candles?: { close: number }[] })?.candles;
          const forward = (expected as { forwardCloses?: number[] })?.forwardCloses;
          const out = output as { action?: string; confidence?: number };
          signal =
            Array.isArray(candles) && candles.length && Array.isArray(forward) && typeof out?.action === 'string'
              ? scoreSignal(
                  { action: out.action, confidence: Number(out.confidence ?? 0) },
                  candles[candles.length - 1].close,
                  forward,
                  spec.horizon,
                )
              : null;
          scores.signal_hit = signal?.hit ?? null;
          scores.signal_forward_return = signal?.forwardReturn ?? null;
          scores.signal_return = signal?.signalReturn ?? null;
          scores.signal_return_per_confidence = signal?.returnPerConfidence ?? null;
          break;
        }
      }
    });
    return { scores, signal };
  }
}
