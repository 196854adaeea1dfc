// Relative imports: the contract is a test helper, not part of the library's public surface, and
// the `@app/*` path alias only reaches a library's index.
import { newId } from '@app/infrastructure';
import { describeRepositoryContract } from '@app/infrastructure/testing';
import { TEST_DATABASE_URL as BASE_URL, urlWithSearchPath, withAdminClient as withClient } from '../support/pg-schema';

// Started by scripts/ci/start-postgres.sh (which .ci/run calls before this suite).

/**
 * Each run gets its own schema, made the connection's search_path through the `options` startup
 * parameter, so runs never see each other's tables and cleanup is one DROP SCHEMA.
 */

// One schema per run (lower-case: unquoted PostgreSQL identifiers fold to lower case).
const schema = `test_${newId().toLowerCase()}`;

describeRepositoryContract('PostgreSQL', async () => {
  await withClient((client) => client.query(`CREATE SCHEMA "${schema}"`));
  return {
    options: { url: urlWithSearchPath(BASE_URL, schema), sqlitePath: 'unused.db', busyTimeoutMs: 5000, poolMax: 5 },
    cleanup: () =>
      withClient((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)).then(() => undefined),
  };
});

describe('PostgreSQL schema isolation', () => {
  it('drops the schema of this run afterwards', async () => {
    // Runs after the contract's afterAll (Jest runs describe blocks in order within a file).
    const { rows } = await withClient((client) =>
      client.query('SELECT 1 FROM information_schema.schemata WHERE schema_name = $1', [schema]),
    );
    expect(rows).toHaveLength(0);
  });

  it('created its tables in that schema, not in public', async () => {
    const { rows } = await withClient((client) =>
      client.query(
        `SELECT 1 FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'contract_items'`,
      ),
    );
    expect(rows).toHaveLength(0);
  });
});
