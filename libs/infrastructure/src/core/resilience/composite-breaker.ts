import { CircuitState, ConsecutiveBreaker, CountBreaker, type IBreaker } from 'cockatiel';

/**
 * Opens when either of cockatiel's breakers would: `n` consecutive failures, or a failure rate
 * over a count window. Both see every outcome, so each keeps its own count honest.
 */
export class EitherBreaker implements IBreaker {
  constructor(
    private readonly consecutive: ConsecutiveBreaker,
    private readonly rate: CountBreaker,
  ) {}

  get state(): unknown {
    return { consecutive: this.consecutive.state, rate: this.rate.state };
  }

  set state(value: unknown) {
    const v = value as { consecutive?: unknown; rate?: unknown } | undefined;
    if (typeof v?.consecutive === 'number') this.consecutive.state = v.consecutive;
    if (v?.rate !== undefined) this.rate.state = v.rate;
  }

  success(state: CircuitState): void {
    this.consecutive.success();
    this.rate.success(state);
  }

  failure(state: CircuitState): boolean {
    const byCount = this.consecutive.failure();
    const byRate = this.rate.failure(state);
    return byCount || byRate;
  }
}
