// Public testing surface (`@app/letta/testing`): the memory repository, for the benchmark that
// loads a million memories faster than the API would, and the migrations with the search
// repository, for the migration suites, and a memory record fixture; never imported by production code.
export { MemoryRepository, type MemoryRecord } from '../persistence/memory.repository';
export { MemorySearchRepository } from '../persistence/memory-search.repository';
export { lettaMigrations } from '../persistence/migrations';
export { memoryRecord } from './memory-record';
