import {
  DynamicModule,
  Global,
  InjectionToken,
  Logger,
  Module,
  ModuleMetadata,
  OptionalFactoryDependency,
  Provider,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService } from '@nestjs/core';
import { TerminusModule } from '@nestjs/terminus';
import { AuditChainVerifier } from '../audit/audit-chain.verifier';
import { BaseLogger } from '../base/base-logger';
import { AuditLogRepository } from './audit-log.repository';
import { AuditLog } from '../audit/audit-log.service';
import { Database } from './database';
import { DATABASE_OPTIONS, DatabaseOptions } from './database-options';
import { DatabaseHealthIndicator } from './health/database.health';
import { infrastructureMigrations } from './migrations';
import {
  INFRASTRUCTURE_NAMESPACE,
  MIGRATION_REGISTRATION,
  MigrationRegistration,
  validateRegistration,
} from './migrator/migration-registry';
import { runMigrations } from './migrator/run-migrations';
import { openDatabase } from './open-database';

export interface PersistenceModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  // Same shape as Nest's own async options; the arguments are whatever `inject` lists.

  useFactory: (...args: any[]) => DatabaseOptions | Promise<DatabaseOptions>;
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
}

/** Holds one forFeature registration; never global, so each stays in its own module. */
@Module({})
export class PersistenceFeatureModule {}

/** Every MigrationRegistration held by a forFeature module anywhere in the application. */
function discoverRegistrations(discovery: DiscoveryService): MigrationRegistration[] {
  // useValue providers are resolved when modules are scanned, before any factory runs, so every
  // registration is visible here however modules are ordered.
  return discovery
    .getProviders()
    .filter((wrapper) => wrapper.token === MIGRATION_REGISTRATION && wrapper.instance)
    .map((wrapper) => wrapper.instance as MigrationRegistration);
}

/**
 * Opens the database and migrates it before handing it out. Because every consumer injects the
 * result, no provider can reach the database (in a factory, constructor or onModuleInit) before
 * all migrations, the infrastructure ones and every forFeature's, have run. A failure closes the
 * connection and rejects, which stops start-up with MigrationFailedError / DatabaseConfigError.
 */
async function createDatabase(
  options: DatabaseOptions,
  discovery: DiscoveryService,
  base?: BaseLogger,
): Promise<Database> {
  const logger = base?.child({ context: 'Persistence' }) ?? new Logger('Persistence');
  const database = await openDatabase(options, logger);
  try {
    await runMigrations(
      database,
      [
        { namespace: INFRASTRUCTURE_NAMESPACE, migrations: infrastructureMigrations },
        ...discoverRegistrations(discovery),
      ],
      logger,
    );
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
  return database;
}

const databaseProvider: Provider = {
  provide: Database,
  useFactory: createDatabase,
  // The service logger (pino) when InfrastructureModule is there; a Nest Logger otherwise (tests).
  inject: [DATABASE_OPTIONS, DiscoveryService, { token: BaseLogger, optional: true }],
};

const services = [AuditLogRepository, AuditLog, AuditChainVerifier, DatabaseHealthIndicator];
const exported = [Database, ...services];

/**
 * The database of the service: SQLite by default, PostgreSQL when DATABASE_URL says so.
 * Import once in the application with forRoot/forRootAsync (it is global); libraries add their
 * migrations with forFeature and inject `Database` or their repositories.
 */
@Global()
@Module({})
export class PersistenceModule {
  static forRoot(options: DatabaseOptions): DynamicModule {
    return PersistenceModule.build([{ provide: DATABASE_OPTIONS, useValue: options }], []);
  }

  static forRootAsync(options: PersistenceModuleAsyncOptions): DynamicModule {
    return PersistenceModule.build(
      [{ provide: DATABASE_OPTIONS, useFactory: options.useFactory, inject: options.inject ?? [] }],
      options.imports ?? [],
    );
  }

  /**
   * Contributes a library's migrations (namespace `handit` → tables kysely_migration_handit and
   * kysely_migration_lock_handit). They run at start-up, after `infrastructure` and after the
   * namespaces listed in `dependsOn`, before `Database` is handed to anyone.
   */
  static forFeature(registration: MigrationRegistration): DynamicModule {
    validateRegistration(registration);
    return {
      module: PersistenceFeatureModule,
      providers: [{ provide: MIGRATION_REGISTRATION, useValue: registration }],
    };
  }

  private static build(optionsProviders: Provider[], imports: NonNullable<ModuleMetadata['imports']>): DynamicModule {
    return {
      module: PersistenceModule,
      global: true,
      imports: [...imports, DiscoveryModule, TerminusModule],
      providers: [...optionsProviders, databaseProvider, ...services],
      exports: [DATABASE_OPTIONS, ...exported],
    };
  }
}
