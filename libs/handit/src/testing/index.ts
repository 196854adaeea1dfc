// Public testing surface (`@app/handit/testing`): the quant engines as plain functions and candle
// fixtures, for benches that run the same computation outside the service; never imported by
// production code.
export { QUANT_TASK_ENGINES } from '../quant';
export { randomCandles } from '../quant/testing/fixtures';
