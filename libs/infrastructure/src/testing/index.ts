// Public testing surface (`@app/infrastructure/testing`): shared suites for tests in test/, never
// imported by production code.
export { describeRepositoryContract } from '../persistence/testing/repository.contract-spec';
export { createMediumModule, type MediumModule, type MediumOptions } from './medium';
