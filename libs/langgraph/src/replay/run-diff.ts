/** How one value compares: the same, numbers apart by no more than the tolerance, or different. */
export const DIFF_VERDICTS = ['equal', 'within_tolerance', 'different'] as const;
export type DiffVerdict = (typeof DIFF_VERDICTS)[number];

/** One place two values part: its JSON path and both sides (`undefined` sides are absent keys). */
export interface ValueDifference {
  path: string;
  verdict: 'within_tolerance' | 'different';
  original: unknown;
  replay: unknown;
}

export interface ValueComparison {
  verdict: DiffVerdict;
  /** At most `maxDifferences`, in document order; `truncated` says when more were found. */
  differences: ValueDifference[];
  truncated: boolean;
  /** Largest |original − replay| of numbers that were not equal (0 when none). */
  maxAbsDelta: number;
}

export interface DiffOptions {
  /** Relative tolerance: |a − b| ≤ tolerance · max(1, |a|, |b|) counts as within tolerance. */
  tolerance: number;
  /** Keys whose values are expected to differ between runs (ids of the tasks each run submitted). */
  ignoredKeys: ReadonlySet<string>;
  maxDifferences: number;
}

/**
 * Compares two JSON values structurally. Numbers within the tolerance are not differences of
 * substance (floating-point summation order); anything else that differs is, with its path.
 */
export function compareValues(original: unknown, replay: unknown, options: DiffOptions): ValueComparison {
  const differences: ValueDifference[] = [];
  let found = 0;
  let maxAbsDelta = 0;
  let verdict: DiffVerdict = 'equal';
  const note = (path: string, kind: ValueDifference['verdict'], a: unknown, b: unknown) => {
    if (kind === 'different') verdict = 'different';
    else if (verdict === 'equal') verdict = 'within_tolerance';
    found += 1;
    if (differences.length < options.maxDifferences) differences.push({ path, verdict: kind, original: a, replay: b });
  };
  const walk = (a: unknown, b: unknown, path: string): void => {
    if (typeof a === 'number' && typeof b === 'number') {
      if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return;
      const delta = Math.abs(a - b);
      maxAbsDelta = Math.max(maxAbsDelta, delta);
      const bound = options.tolerance * Math.max(1, Math.abs(a), Math.abs(b));
      note(path, delta <= bound ? 'within_tolerance' : 'different', a, b);
      return;
    }
    if (Array.isArray(a) && Array.isArray(b)) {
      const n = Math.max(a.length, b.length);
      for (let i = 0; i < n; i++) walk(a[i], b[i], `${path}[${i}]`);
      return;
    }
    if (isObject(a) && isObject(b)) {
      const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
      for (const key of keys) {
        if (options.ignoredKeys.has(key)) continue;
        walk(a[key], b[key], path ? `${path}.${key}` : key);
      }
      return;
    }
    if (a !== b) note(path || '$', 'different', a, b);
  };
  walk(original, replay, '');
  return { verdict, differences, truncated: found > differences.length, maxAbsDelta };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
