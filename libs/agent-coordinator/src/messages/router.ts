/** What routing needs to know about one candidate agent. */
export interface RouteCandidate {
  id: string;
  score: number;
  routable: boolean;
  /** (waiting + in flight) / maxConcurrency. */
  load: number;
}

/**
 * The healthiest routable agent; among equal scores (same whole number) the least loaded, then
 * the oldest id, so the choice is deterministic. Null when no candidate is routable.
 */
export function pickHealthiest<T extends RouteCandidate>(candidates: readonly T[]): T | null {
  let best: T | null = null;
  for (const c of candidates) {
    if (!c.routable) continue;
    if (!best || better(c, best)) best = c;
  }
  return best;
}

function better(a: RouteCandidate, b: RouteCandidate): boolean {
  const sa = Math.floor(a.score);
  const sb = Math.floor(b.score);
  if (sa !== sb) return sa > sb;
  if (a.load !== b.load) return a.load < b.load;
  return a.id < b.id;
}
