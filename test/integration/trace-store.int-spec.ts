// Relative import: the contract is a test helper, not part of the library's public surface, and
// the `@app/*` path alias only reaches a library's index.
import { newId } from '@app/infrastructure';
import { describeTraceStoreContract } from '@app/langfuse/testing';
import { sqlAdmin, TEST_DATABASE_URL, urlWithSearchPath } from '../support/pg-schema';

// The trace store's tenant contract on PostgreSQL: each database is a schema of its own.
describeTraceStoreContract('PostgreSQL', async () => {
  const schema = `obs_${newId().toLowerCase()}`;
  await sqlAdmin(`CREATE SCHEMA "${schema}"`);
  return {
    options: {
      url: urlWithSearchPath(TEST_DATABASE_URL, schema),
      sqlitePath: 'unused.db',
      busyTimeoutMs: 5000,
      poolMax: 3,
    },
    cleanup: () => sqlAdmin(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).then(() => undefined),
  };
});
