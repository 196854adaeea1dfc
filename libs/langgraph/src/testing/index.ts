// Public testing surface (`@app/langgraph/testing`): the templates' pure steps, for benches that
// build the same graph in-process; never imported by production code.
export { aggregateSignal } from '../templates/signal-aggregation';
