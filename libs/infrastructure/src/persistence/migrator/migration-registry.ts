import type { Migration } from 'kysely';

/**
 * What a library contributes with `PersistenceModule.forFeature(...)`.
 *
 * Migration names sort in the order they run (Kysely's Migrator sorts them), so name them
 * `0001_create_tasks`, `0002_add_priority`, …; never rename or remove one that has shipped.
 */
export interface MigrationRegistration {
  /** Owner of the migrations, e.g. `handit`. Gets its own tables `kysely_migration_<namespace>`. */
  readonly namespace: string;
  readonly migrations: Readonly<Record<string, Migration>>;
  /**
   * Namespaces whose migrations must run before these (tables you reference). The
   * `infrastructure` namespace always runs first and need not be listed.
   */
  readonly dependsOn?: readonly string[];
}

/** Namespace of the migrations owned by libs/infrastructure (audit log, …). */
export const INFRASTRUCTURE_NAMESPACE = 'infrastructure';

/** Token under which each forFeature module holds its registration (one per feature module). */
export const MIGRATION_REGISTRATION = Symbol('PERSISTENCE_MIGRATION_REGISTRATION');

// Lower-case and short: it becomes part of two table names (PostgreSQL allows 63 characters).
const NAMESPACE_PATTERN = /^[a-z][a-z0-9_-]{0,39}$/;

export class MigrationRegistrationError extends Error {
  override readonly name = 'MigrationRegistrationError';
}

/** Table names of one namespace; `-` becomes `_` so the names need no quoting in psql. */
export function migrationTableNames(namespace: string): { migrationTableName: string; migrationLockTableName: string } {
  const suffix = namespace.replace(/-/g, '_');
  return {
    migrationTableName: `kysely_migration_${suffix}`,
    migrationLockTableName: `kysely_migration_lock_${suffix}`,
  };
}

export function validateRegistration(registration: MigrationRegistration): void {
  const { namespace, migrations } = registration;
  if (typeof namespace !== 'string' || !NAMESPACE_PATTERN.test(namespace)) {
    throw new MigrationRegistrationError(
      `migration namespace "${String(namespace)}" is invalid: ` +
        'use 1-40 characters a-z, 0-9, "_" or "-", starting with a letter',
    );
  }
  if (!migrations || typeof migrations !== 'object') {
    throw new MigrationRegistrationError(
      `migrations of namespace "${namespace}" must be an object of named migrations`,
    );
  }
  for (const [name, migration] of Object.entries(migrations)) {
    if (typeof migration?.up !== 'function') {
      throw new MigrationRegistrationError(`migration "${name}" of namespace "${namespace}" has no up() function`);
    }
  }
}

function sameMigrations(a: MigrationRegistration, b: MigrationRegistration): boolean {
  if (a.migrations === b.migrations) return true;
  const keys = Object.keys(a.migrations);
  return keys.length === Object.keys(b.migrations).length && keys.every((k) => a.migrations[k] === b.migrations[k]);
}

/**
 * Validates and orders registrations: `infrastructure` first, then every namespace after the
 * ones it depends on, ties broken by name so the order never depends on module import order.
 * The same registration imported by two modules counts once; two different registrations for
 * one namespace are an error (their migration tables would clash).
 */
export function orderRegistrations(registrations: readonly MigrationRegistration[]): MigrationRegistration[] {
  const byNamespace = new Map<string, MigrationRegistration>();
  const byTable = new Map<string, string>();
  for (const registration of registrations) {
    validateRegistration(registration);
    const existing = byNamespace.get(registration.namespace);
    if (existing) {
      if (!sameMigrations(existing, registration)) {
        throw new MigrationRegistrationError(
          `migration namespace "${registration.namespace}" is registered twice with different migrations`,
        );
      }
      continue;
    }
    const table = migrationTableNames(registration.namespace).migrationTableName;
    const clash = byTable.get(table);
    if (clash) {
      throw new MigrationRegistrationError(
        `migration namespaces "${clash}" and "${registration.namespace}" map to the same table ${table}`,
      );
    }
    byTable.set(table, registration.namespace);
    byNamespace.set(registration.namespace, registration);
  }

  const dependencies = new Map<string, Set<string>>();
  for (const [namespace, registration] of byNamespace) {
    const deps = new Set(registration.dependsOn ?? []);
    if (namespace !== INFRASTRUCTURE_NAMESPACE && byNamespace.has(INFRASTRUCTURE_NAMESPACE)) {
      deps.add(INFRASTRUCTURE_NAMESPACE);
    }
    for (const dep of deps) {
      if (dep === namespace)
        throw new MigrationRegistrationError(`migration namespace "${namespace}" depends on itself`);
      if (!byNamespace.has(dep)) {
        throw new MigrationRegistrationError(
          `migration namespace "${namespace}" depends on "${dep}", which is not registered (import its module)`,
        );
      }
    }
    dependencies.set(namespace, deps);
  }

  // Kahn's algorithm, picking the alphabetically first ready namespace each round.
  const ordered: MigrationRegistration[] = [];
  const done = new Set<string>();
  while (ordered.length < byNamespace.size) {
    const ready = [...byNamespace.keys()]
      .filter((ns) => !done.has(ns) && [...(dependencies.get(ns) ?? [])].every((d) => done.has(d)))
      .sort();
    if (ready.length === 0) {
      const stuck = [...byNamespace.keys()].filter((ns) => !done.has(ns)).sort();
      throw new MigrationRegistrationError(`migration namespaces depend on each other in a cycle: ${stuck.join(', ')}`);
    }
    const next = ready[0];
    done.add(next);
    ordered.push(byNamespace.get(next) as MigrationRegistration);
  }
  return ordered;
}
