import { PENDING_INPUTS_MAX, PendingInputs } from './pending-inputs';

describe('PendingInputs', () => {
  it('hands an input over once', () => {
    const inputs = new PendingInputs();
    const input = { candles: [1, 2, 3] };
    inputs.keep('a', input);
    expect(inputs.take('a')).toEqual({ input });
    expect(inputs.take('a')).toBeUndefined();
  });

  it('holds a null input, but not a missing one', () => {
    const inputs = new PendingInputs();
    inputs.keep('null', null);
    inputs.keep('missing', undefined);
    expect(inputs.take('null')).toEqual({ input: null });
    expect(inputs.take('missing')).toBeUndefined();
  });

  it('keeps at most its bound, dropping the longest held first', () => {
    const inputs = new PendingInputs();
    for (let i = 0; i <= PENDING_INPUTS_MAX; i++) inputs.keep(`t${i}`, i);
    expect(inputs.size).toBe(PENDING_INPUTS_MAX);
    expect(inputs.take('t0')).toBeUndefined();
    expect(inputs.take(`t${PENDING_INPUTS_MAX}`)).toEqual({ input: PENDING_INPUTS_MAX });
  });

  it('forgets a cancelled task', () => {
    const inputs = new PendingInputs();
    inputs.keep('a', 1);
    inputs.forget('a');
    expect(inputs.take('a')).toBeUndefined();
  });
});
