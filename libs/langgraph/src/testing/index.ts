// Public testing surface (`@app/langgraph/testing`): the templates' pure steps, for benches that
// build the same graph in-process; never imported by production code.
export { aggregateSignal } from '../templates/signal-aggregation';
// The retention pass, so a spec can run one at a chosen time instead of waiting for the hourly timer.
export { RunRetention } from '../runs/run-retention';
export { WorkflowCheckpointer } from '../checkpoint/workflow-checkpointer';
