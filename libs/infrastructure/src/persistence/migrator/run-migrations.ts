import { Logger, type LoggerService } from '@nestjs/common';
import { Kysely, Migration, MigrationResult, Migrator } from 'kysely';
import type { AnySchema, Database } from '../database';
import { MigrationRegistration, migrationTableNames, orderRegistrations } from './migration-registry';

/** Start-up must stop on this: the schema is not what the code expects. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';

  constructor(
    readonly namespace: string,
    /** The migration that failed; undefined when the run failed before one started. */
    readonly migration: string | undefined,
    cause: unknown,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(
      migration
        ? `database migration "${migration}" of namespace "${namespace}" failed: ${reason}`
        : `database migrations of namespace "${namespace}" failed: ${reason}`,
      { cause },
    );
  }
}

export interface NamespaceMigrationReport {
  readonly namespace: string;
  /** Migrations applied by this run (empty when the schema was already current). */
  readonly applied: readonly string[];
}

/**
 * PostgreSQL runs a namespace's pending migrations in one transaction (Kysely does that). SQLite
 * also has transactional DDL but Kysely does not use it there, so each migration gets its own
 * transaction: a failing migration leaves no half-created tables behind.
 */
function inTransaction(migration: Migration): Migration {
  const wrap = (step: (db: Kysely<AnySchema>) => Promise<void>) => async (db: Kysely<AnySchema>) => {
    if (db.isTransaction) return step(db);
    await db.transaction().execute((trx) => step(trx));
  };
  return {
    up: wrap((db) => migration.up(db)),
    ...(migration.down ? { down: wrap((db) => (migration.down as NonNullable<Migration['down']>)(db)) } : {}),
  };
}

/** Brings every namespace to its latest migration, in dependency order. Throws MigrationFailedError. */
export async function runMigrations(
  database: Database,
  registrations: readonly MigrationRegistration[],
  logger: Pick<LoggerService, 'log'> = new Logger('Persistence'),
): Promise<NamespaceMigrationReport[]> {
  const reports: NamespaceMigrationReport[] = [];
  for (const registration of orderRegistrations(registrations)) {
    const migrations = Object.fromEntries(
      Object.entries(registration.migrations).map(([name, m]) => [name, inTransaction(m)]),
    );
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => migrations },
      ...migrationTableNames(registration.namespace),
      // Without a schema, Kysely looks for its table in every PostgreSQL schema and can mistake
      // another schema's table for ours.
      ...(database.schema ? { migrationTableSchema: database.schema } : {}),
    });
    let results: MigrationResult[] | undefined;
    let error: unknown;
    try {
      ({ results, error } = await migrator.migrateToLatest());
    } catch (thrown) {
      error = thrown;
    }
    if (error !== undefined) {
      const failed = results?.find((r) => r.status === 'Error')?.migrationName;
      throw new MigrationFailedError(registration.namespace, failed, error);
    }
    const applied = (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
    if (applied.length > 0) logger.log(`Migrations applied for ${registration.namespace}: ${applied.join(', ')}`);
    reports.push({ namespace: registration.namespace, applied });
  }
  return reports;
}
