// Public testing surface (`@app/letta/testing`): the memory repository, for the benchmark that
// loads a million memories faster than the API would; never imported by production code.
export { MemoryRepository, type MemoryRecord } from '../persistence/memory.repository';
