// Large results (a technical analysis holds whole indicator series) are compared up to this many numbers.
const MAX_LEAVES = 20_000;

/**
 * Whether a shadow's result agrees with its champion's: a signal (a result with an `action`)
 * agrees when the direction is the same; any other result when every number both hold at the same
 * place differs by at most `tolerance` relative to the larger magnitude, and strings there match.
 */
export function resultsAgree(champion: unknown, shadow: unknown, tolerance: number): boolean {
  if (isObject(champion) && isObject(shadow) && typeof champion.action === 'string')
    return champion.action === shadow.action;
  const budget = { left: MAX_LEAVES };
  return same(champion, shadow, tolerance, budget);
}

function same(a: unknown, b: unknown, tolerance: number, budget: { left: number }): boolean {
  if (budget.left-- <= 0) return true;
  if (typeof a === 'number' && typeof b === 'number') return close(a, b, tolerance);
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    return a.every((v, i) => same(v, b[i], tolerance, budget));
  }
  if (isObject(a) && isObject(b)) {
    // Only the fields both hold: a new version may report more (or fewer) details.
    return Object.keys(a)
      .filter((k) => k in b)
      .every((k) => same(a[k], b[k], tolerance, budget));
  }
  return a === b;
}

function close(a: number, b: number, tolerance: number): boolean {
  if (a === b) return true;
  const scale = Math.max(Math.abs(a), Math.abs(b));
  return Math.abs(a - b) <= tolerance * scale;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
