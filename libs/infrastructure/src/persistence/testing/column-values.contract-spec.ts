/**
 * How column values (timestamps, JSON, booleans, integers) survive a round trip through each
 * dialect: the row mapper part of the repository contract, run by describeRepositoryContract.
 */
import {
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
} from '../column-values';
import type { Database } from '../database';
import { newId } from '../ids';
import { uniqueTenant, type ContractContext } from './audit-log.contract-spec';
import type { AuditLog } from '../../audit/audit-log.service';

/** Inserts a row of the contract's `contract_items` table, stamped now; `payload` is stored as JSON. */
export async function insertContractItem(
  database: Database,
  item: { id: string; payload: unknown; flag: boolean; n: number | null },
): Promise<void> {
  await database.db
    .insertInto('contract_items')
    .values({
      id: item.id,
      at: toDbTimestamp(new Date()),
      payload: toDbJson(item.payload),
      flag: toDbBoolean(database.dialect, item.flag),
      n: item.n,
    })
    .execute();
}

export function describeColumnValuesContract(context: () => ContractContext): void {
  let database: Database;
  let audit: AuditLog;

  beforeAll(() => {
    ({ database, audit } = context());
  });

  describe('row mappers', () => {
    it('round-trips timestamps to the millisecond, in UTC', async () => {
      const tenant = uniqueTenant();
      const instants = ['2024-02-29T23:59:59.999Z', '1970-01-01T00:00:00.000Z', '2038-01-19T03:14:08.001+02:00'];
      for (const iso of instants) await audit.record({ tenant, at: new Date(iso), action: 'ts', outcome: 'success' });
      const stored = (await audit.list({ tenant })).items.map((e) => e.at.getTime()).sort((a, b) => a - b);
      expect(stored).toEqual(instants.map((iso) => Date.parse(iso)).sort((a, b) => a - b));
    });

    it('round-trips JSON of every shape, including top-level arrays and strings', async () => {
      const values: unknown[] = [
        { nested: { list: [1, 'two', null, true], unicode: 'żółć €', empty: {} } },
        [1, 2, 3],
        [{ a: 1 }],
        'just a string',
        42.5,
        false,
      ];
      const ids: string[] = [];
      for (const value of values) {
        const id = newId();
        ids.push(id);
        await insertContractItem(database, { id, payload: value, flag: false, n: null });
      }
      const rows = await database.db
        .selectFrom('contract_items')
        .selectAll()
        .where('id', 'in', ids)
        .orderBy('id')
        .execute();
      expect(rows.map((r) => fromDbJson(database.dialect, r.payload))).toEqual(values);
      expect(rows.map((r) => fromDbBoolean(r.flag))).toEqual(values.map(() => false));
      expect(rows.every((r) => fromDbTimestamp(r.at) instanceof Date)).toBe(true);
    });

    it('round-trips booleans and 64-bit integers', async () => {
      const id = newId();
      const big = 2 ** 40 + 3;
      await insertContractItem(database, { id, payload: null, flag: true, n: big });
      const row = await database.db
        .selectFrom('contract_items')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      expect(fromDbBoolean(row.flag)).toBe(true);
      expect(fromDbInteger(row.n)).toBe(big);
      expect(fromDbJson(database.dialect, row.payload)).toBeNull();
    });
  });
}
