/** Fire at a session's open or close, shifted by an offset: `open-30m`, `close`, `close+15m`. */
export interface MarketAtTrigger {
  calendar: string;
  at: string;
}

/** Fire every `every` (`5m`, `1h`) while the venue trades, counted from each session's open and after each break. */
export interface MarketEveryTrigger {
  calendar: string;
  every: string;
  during: 'session';
}

/** A schedule trigger that follows a market's calendar; it fires on trading days only. */
export type MarketTrigger = MarketAtTrigger | MarketEveryTrigger;

/** One thing wrong with a trigger: the field and what is wrong with it. */
export interface TriggerProblem {
  field: string;
  message: string;
}
