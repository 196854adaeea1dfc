import type { Migration } from 'kysely';
import {
  INFRASTRUCTURE_NAMESPACE,
  MigrationRegistration,
  MigrationRegistrationError,
  migrationTableNames,
  orderRegistrations,
} from './migration-registry';

const m = (): Record<string, Migration> => ({ '0001_x': { up: async () => undefined } });
const reg = (namespace: string, dependsOn?: string[], migrations = m()): MigrationRegistration => ({
  namespace,
  migrations,
  dependsOn,
});
const order = (regs: MigrationRegistration[]) => orderRegistrations(regs).map((r) => r.namespace);

describe('orderRegistrations', () => {
  it('runs infrastructure first, then by name regardless of import order', () => {
    expect(order([reg('letta'), reg('handit'), reg(INFRASTRUCTURE_NAMESPACE)])).toEqual([
      INFRASTRUCTURE_NAMESPACE,
      'handit',
      'letta',
    ]);
  });

  it('runs a namespace after the ones it depends on', () => {
    expect(
      order([
        reg(INFRASTRUCTURE_NAMESPACE),
        reg('agent-coordinator', ['handit', 'letta']),
        reg('letta'),
        reg('handit'),
      ]),
    ).toEqual([INFRASTRUCTURE_NAMESPACE, 'handit', 'letta', 'agent-coordinator']);
  });

  it('counts the same registration imported twice once', () => {
    const handit = reg('handit');
    expect(order([handit, { ...handit }, handit])).toEqual(['handit']);
  });

  it('rejects two different registrations for one namespace', () => {
    expect(() => order([reg('handit'), reg('handit')])).toThrow(/registered twice/);
  });

  it('rejects an unknown dependency and names it', () => {
    expect(() => order([reg('langgraph', ['handit'])])).toThrow(/depends on "handit", which is not registered/);
  });

  it('rejects a cycle', () => {
    expect(() => order([reg('a', ['b']), reg('b', ['a'])])).toThrow(/cycle: a, b/);
  });

  it.each(['', 'Handit', '1abc', 'with space', 'x'.repeat(41)])('rejects namespace %p', (ns) => {
    expect(() => order([reg(ns)])).toThrow(MigrationRegistrationError);
  });

  it('rejects a migration without up()', () => {
    expect(() => order([reg('handit', undefined, { '0001': {} as Migration })])).toThrow(/no up\(\)/);
  });

  it('rejects namespaces that would share a table', () => {
    expect(() => order([reg('task-scheduler'), reg('task_scheduler')])).toThrow(
      /same table kysely_migration_task_scheduler/,
    );
  });
});

describe('migrationTableNames', () => {
  it('gives each namespace its own migration and lock table', () => {
    expect(migrationTableNames('agent-coordinator')).toEqual({
      migrationTableName: 'kysely_migration_agent_coordinator',
      migrationLockTableName: 'kysely_migration_lock_agent_coordinator',
    });
  });
});
