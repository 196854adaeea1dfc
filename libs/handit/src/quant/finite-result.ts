/** Where a result holds numbers that JSON cannot carry (NaN, ±Infinity). */
export interface NonFiniteReport {
  /** How many values are not finite. */
  count: number;
  /** The outputs holding them, series indices left out: `indicators[0].series.value`. */
  outputs: string[];
  /** The first few exact paths: `indicators[0].series.value[19]`. */
  examples: string[];
}

const MAX_OUTPUTS = 50;
const MAX_EXAMPLES = 10;

/**
 * Finds NaN and ±Infinity anywhere in an engine's result. JSON.stringify would turn them into
 * `null`, indistinguishable from a warm-up gap, so a result holding any is not a success.
 */
export function findNonFinite(result: unknown): NonFiniteReport {
  const report: NonFiniteReport = { count: 0, outputs: [], examples: [] };
  const outputs = new Set<string>();
  const visit = (value: unknown, path: string, output: string): void => {
    if (typeof value === 'number') {
      if (Number.isFinite(value)) return;
      report.count++;
      if (report.examples.length < MAX_EXAMPLES) report.examples.push(path || '(result)');
      if (outputs.size < MAX_OUTPUTS) outputs.add(output || '(result)');
    } else if (Array.isArray(value)) {
      // A series element belongs to its series; an array of objects keeps its index in the name.
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        visit(item, `${path}[${i}]`, item !== null && typeof item === 'object' ? `${output}[${i}]` : output);
      }
    } else if (value !== null && typeof value === 'object') {
      for (const [key, item] of Object.entries(value)) {
        visit(item, path ? `${path}.${key}` : key, output ? `${output}.${key}` : key);
      }
    }
  };
  visit(result, '', '');
  report.outputs = [...outputs];
  return report;
}
