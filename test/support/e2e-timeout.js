// The per-test bound of the e2e, medium, client and integration projects. Jest reads `testTimeout` only from the top-level config, not
// from a project's, so it is set here, after the framework is installed in each test file.
jest.setTimeout(30_000);
