import { Injectable } from '@nestjs/common';

export interface TimerHandle {
  cancel(): void;
}

/** Where time comes from: the system, or a test's hand-driven clock. */
export interface ClockSource {
  now(): number;
  setTimer(callback: () => void, delayMs: number): TimerHandle;
}

const systemSource: ClockSource = {
  now: () => Date.now(),
  setTimer(callback, delayMs) {
    const timer = setTimeout(callback, Math.max(0, delayMs));
    // A pending schedule must never keep a stopping process alive.
    timer.unref();
    return { cancel: () => clearTimeout(timer) };
  },
};

/**
 * The time and timers the scheduler and the monitoring loops use. Injected rather than read from
 * Date.now() so tests can drive schedules, alert for-durations and sampling with a ManualClock
 * (`clock.use(manual)` before the app is initialised) instead of sleeping.
 */
@Injectable()
export class Clock {
  private source: ClockSource = systemSource;

  use(source: ClockSource): void {
    this.source = source;
  }

  now(): Date {
    return new Date(this.source.now());
  }

  nowMs(): number {
    return this.source.now();
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    return this.source.setTimer(callback, delayMs);
  }
}

interface ManualTimer {
  at: number;
  seq: number;
  callback: () => void;
}

/**
 * A clock that moves only when told to. `advance(ms)` fires due timers in time order, setting
 * `now` to each timer's due time first, so a callback sees exactly the time it was due at.
 */
export class ManualClock implements ClockSource {
  private current: number;
  private seq = 0;
  private timers: ManualTimer[] = [];

  constructor(start: Date | number) {
    this.current = typeof start === 'number' ? start : start.getTime();
  }

  now(): number {
    return this.current;
  }

  get pendingTimers(): number {
    return this.timers.length;
  }

  setTimer(callback: () => void, delayMs: number): TimerHandle {
    const timer: ManualTimer = { at: this.current + Math.max(0, delayMs), seq: this.seq++, callback };
    this.timers.push(timer);
    return { cancel: () => (this.timers = this.timers.filter((t) => t !== timer)) };
  }

  advance(ms: number): void {
    this.advanceTo(this.current + ms);
  }

  advanceTo(target: number | Date): void {
    const end = typeof target === 'number' ? target : target.getTime();
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.current = Math.max(this.current, due.at);
      due.callback();
    }
    this.current = Math.max(this.current, end);
  }
}
