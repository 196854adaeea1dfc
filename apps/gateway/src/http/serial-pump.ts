/**
 * Wraps a feed's `pass` (read what is new and send it) so that one pass runs at a time: a wake-up
 * during a pass makes one more pass once it ends, however many wake-ups came, so a reader paging a
 * stored log sends each entry once, in order, and misses nothing announced while it was reading.
 * `pass` answers true once the feed is over (ended or closed); later wake-ups then do nothing.
 */
export function serialPump(pass: () => Promise<boolean>): () => Promise<void> {
  let running = false;
  let again = false;
  let over = false;
  return async () => {
    if (over) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    try {
      do {
        again = false;
        over = await pass();
      } while (again && !over);
    } finally {
      running = false;
    }
  };
}
