// Public testing surface (`@app/langfuse/testing`): the trace store's contract suite, run on SQLite
// beside the code and on PostgreSQL in test/integration; never imported by production code.
export { describeTraceStoreContract } from '../persistence/trace-store.contract-spec';
