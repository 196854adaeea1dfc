import { Client } from 'pg';

/**
 * PostgreSQL for the integration suite, started by scripts/ci/start-postgres.sh. Each suite works
 * in a schema of its own (created and dropped by the suite) so runs never see each other's rows.
 */
export const TEST_DATABASE_URL =
  process.env.TEST_DATABASE_URL ?? 'postgres://postgres:postgres@127.0.0.1:5432/orchestration_test';

/** The test database URL with `search_path` set to `schema`, as the service's DATABASE_URL. */
export function urlWithSearchPath(base: string, schema: string): string {
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return url.toString();
}

/** Runs `fn` on a short-lived admin connection to the test database. */
export async function withAdminClient<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 5000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** One statement on an admin connection (CREATE/DROP SCHEMA, checks of stored rows). */
export function sqlAdmin(text: string, params: unknown[] = []) {
  return withAdminClient((client) => client.query(text, params));
}
