// The e2e project's per-test bound. Jest reads `testTimeout` only from the top-level config, not
// from a project's, so it is set here, after the framework is installed in each test file.
jest.setTimeout(30_000);
