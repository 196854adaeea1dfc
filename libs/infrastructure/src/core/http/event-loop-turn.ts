const waiting: Array<() => void> = [];
let scheduled = false;

function runNext(): void {
  const next = waiting.shift();
  scheduled = waiting.length > 0;
  if (scheduled) setImmediate(runNext);
  next?.();
}

/**
 * Waits for this caller's turn to run one slice of long work (a request body handed to its route,
 * a slice of parsing or validating a large body). Turns are handed out one per event-loop iteration, in order, to every caller together:
 * however many bodies are in progress, each iteration runs one slice, so requests in between
 * (a health probe) wait for one slice at most, not one slice per body.
 */
export function nextTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    if (!scheduled) {
      scheduled = true;
      setImmediate(runNext);
    }
  });
}
