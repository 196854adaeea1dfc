// Public testing surface (`@app/handit/testing`): the quant engines as plain functions and candle
// fixtures (the StockCharts RSI example the specs share), for specs and benches that run the same
// computation outside the service; never imported by production code.
export { QUANT_TASK_ENGINES } from '../quant';
export { randomCandles, STOCKCHARTS_CLOSES, STOCKCHARTS_RSI } from '../quant/testing/fixtures';
