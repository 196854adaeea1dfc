/**
 * The audit log's part of the repository contract (records, listing, the hash chain and its
 * verifier), run by describeRepositoryContract on the module it booted. Named `*.contract-spec.ts`
 * for the same reasons as that file.
 */
import { createHash } from 'node:crypto';
import { canonicalEntry, GENESIS_HASH } from '../../audit/audit-chain';
import type { AuditChainVerifier } from '../../audit/audit-chain.verifier';
import type { AuditLog } from '../../audit/audit-log.service';
import type { AuditLogEntry } from '../../audit/audit-log.types';
import { toDbTimestamp } from '../column-values';
import type { Database } from '../database';
import { isId, newId } from '../ids';

/** What the audit suites use of the module the contract booted (read once it has booted). */
export interface ContractContext {
  readonly database: Database;
  readonly audit: AuditLog;
  readonly verifier: AuditChainVerifier;
}

/** Unique per test, so tests share one database without seeing each other's audit rows. */
export const uniqueTenant = (): string => `tenant-${newId()}`;

export function describeAuditLogContract(context: () => ContractContext): void {
  let database: Database;
  let audit: AuditLog;
  let verifier: AuditChainVerifier;

  beforeAll(() => {
    ({ database, audit, verifier } = context());
  });

  describe('AuditLog', () => {
    it('records an entry with a ULID id and returns it as stored', async () => {
      const tenant = uniqueTenant();
      const entry = await audit.record({
        principalId: 'key:ops',
        tenant,
        action: 'task.create',
        target: 'task/1',
        status: 201,
        sourceIp: '10.0.0.7',
        outcome: 'success',
        details: { model: 'forex', priority: 3 },
        requestId: 'req-1',
      });
      expect(isId(entry.id)).toBe(true);
      expect(Math.abs(entry.at.getTime() - Date.now())).toBeLessThan(5000);
      const [stored] = (await audit.list({ tenant })).items;
      expect(stored).toEqual(entry);
      expect(stored).toMatchObject({
        principalId: 'key:ops',
        target: 'task/1',
        status: 201,
        sourceIp: '10.0.0.7',
        requestId: 'req-1',
      });
    });

    it('stores absent optional fields as null', async () => {
      const tenant = uniqueTenant();
      await audit.record({ tenant, action: 'auth.login', outcome: 'denied' });
      const [stored] = (await audit.list({ tenant })).items;
      expect(stored).toMatchObject({
        principalId: null,
        target: null,
        status: null,
        sourceIp: null,
        details: null,
        requestId: null,
        outcome: 'denied',
      });
    });

    it('rejects an entry without action', async () => {
      await expect(audit.record({ action: '', outcome: 'success' })).rejects.toThrow(/action is required/);
    });

    it('lists newest first and filters by tenant, action, principal and time range', async () => {
      const tenant = uniqueTenant();
      const t0 = Date.parse('2030-01-01T00:00:00.000Z');
      const at = (minutes: number) => new Date(t0 + minutes * 60_000);
      await audit.record({ tenant, at: at(0), action: 'a', principalId: 'p1', outcome: 'success' });
      await audit.record({ tenant, at: at(2), action: 'b', principalId: 'p2', outcome: 'success' });
      await audit.record({ tenant, at: at(1), action: 'a', principalId: 'p2', outcome: 'failure' });
      await audit.record({ tenant: uniqueTenant(), at: at(3), action: 'a', principalId: 'p1', outcome: 'success' });

      const minutes = (items: { at: Date }[]) => items.map((e) => (e.at.getTime() - t0) / 60_000);
      expect(minutes((await audit.list({ tenant })).items)).toEqual([2, 1, 0]);
      expect(minutes((await audit.list({ tenant, action: 'a' })).items)).toEqual([1, 0]);
      expect(minutes((await audit.list({ tenant, principalId: 'p2' })).items)).toEqual([2, 1]);
      // from inclusive, to exclusive
      expect(minutes((await audit.list({ tenant, from: at(1), to: at(2) })).items)).toEqual([1]);
      expect(minutes((await audit.list({ action: 'a', principalId: 'p1', from: at(0), to: at(4) })).items)).toEqual([
        3, 0,
      ]);
    });

    it('keeps every concurrent insert', async () => {
      const tenant = uniqueTenant();
      const written = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          audit.record({ tenant, action: 'burst', outcome: 'success', details: { i } }),
        ),
      );
      expect(new Set(written.map((e) => e.id)).size).toBe(50);
      const listed = (await audit.list({ tenant, limit: 100 })).items;
      expect(listed).toHaveLength(50);
      expect(listed.map((e) => e.details?.i).sort((a, b) => Number(a) - Number(b))).toEqual([...Array(50).keys()]);
      const seqs = written.map((e) => e.seq).sort((a, b) => a - b);
      expect(seqs).toEqual(seqs.map((_, i) => seqs[0] + i));
      expect(await verifier.verify()).toMatchObject({ ok: true, firstBroken: null });
    });
  });

  describe('AuditLog hash chain', () => {
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
    const row = (entry: AuditLogEntry) =>
      database.db.selectFrom('audit_log').selectAll().where('id', '=', entry.id).executeTakeFirstOrThrow();
    const update = (id: string, values: Record<string, unknown>) =>
      database.db.updateTable('audit_log').set(values).where('id', '=', id).execute();
    const entries = (actions: string[]) =>
      actions.map((action) => ({ tenant: uniqueTenant(), action, outcome: 'success' }));

    /** Runs `tamper`, checks what verify names, then puts the row(s) back so the chain is whole again. */
    async function expectBroken(tamper: () => Promise<() => Promise<void>>, expected: object): Promise<void> {
      const restore = await tamper();
      try {
        const report = await verifier.verify();
        expect(report.ok).toBe(false);
        expect(report.firstBroken).toMatchObject(expected);
      } finally {
        await restore();
      }
      expect((await verifier.verify()).ok).toBe(true);
    }

    it('links each entry to the one before: the next sequence number and its predecessor’s SHA-256', async () => {
      const tenant = uniqueTenant();
      const [first, second] = await audit.append([
        { tenant, action: 'POST /api/v1/things', target: 't1', status: 201, outcome: 'success', details: { b: 1 } },
        { tenant, action: 'DELETE /api/v1/things/:id', target: 't1', status: 403, outcome: 'denied' },
      ]);
      expect(second.seq).toBe(first.seq + 1);
      expect(second.prevHash).toBe(first.hash);
      const { hash, ...unhashed } = second;
      expect(hash).toBe(sha256(canonicalEntry(unhashed)));
      expect(hash).toMatch(/^[0-9a-f]{64}$/);
      const report = await verifier.verify();
      expect(report).toMatchObject({ ok: true, firstBroken: null, head: { seq: second.seq, hash: second.hash } });
      expect(report.anchor).toMatchObject({ seq: 1, kind: 'genesis', prevHash: GENESIS_HASH });
    });

    it('stores text that PostgreSQL and SQLite would refuse or rewrite so that it still verifies', async () => {
      const tenant = uniqueTenant();
      const target = 'nul\u0000lone\ud800';
      const details = { path: '/x\u0000' };
      const entry = await audit.record({ tenant, action: 'POST /x', target, outcome: 'failure', details });
      expect(entry.target).toBe('nul\ufffdlone\ufffd');
      expect((await verifier.verify()).ok).toBe(true);
    });

    it('names an edited entry (its fields no longer match its hash)', async () => {
      const [refused] = entries(['DELETE /api/v1/things/:id']);
      const [entry] = await audit.append([{ ...refused, outcome: 'denied', status: 403 }]);
      await expectBroken(
        async () => {
          await update(entry.id, { outcome: 'success', status: 200 });
          return async () => {
            await update(entry.id, { outcome: 'denied', status: 403 });
          };
        },
        { seq: entry.seq, id: entry.id, problem: 'hash_mismatch' },
      );
    });

    it('names a deleted entry (a gap in the sequence)', async () => {
      const [, middle, last] = await audit.append(entries(['a', 'b', 'c']));
      await expectBroken(
        async () => {
          const stored = await row(middle);
          await database.db.deleteFrom('audit_log').where('id', '=', middle.id).execute();
          return async () => {
            await database.db.insertInto('audit_log').values(stored).execute();
          };
        },
        { seq: middle.seq, id: null, problem: 'missing_entries' },
      );
      expect(last.seq).toBe(middle.seq + 1);
    });

    it('names re-ordered entries (swapped sequence numbers)', async () => {
      const [a, b] = await audit.append(entries(['a', 'b']));
      const setSeq = (id: string, seq: number) => update(id, { seq });
      const swap = async (x: AuditLogEntry, y: AuditLogEntry) => {
        await setSeq(x.id, -1);
        await setSeq(y.id, x.seq);
        await setSeq(x.id, y.seq);
      };
      await expectBroken(
        async () => {
          await swap(a, b);
          return async () => {
            await setSeq(b.id, -1);
            await setSeq(a.id, a.seq);
            await setSeq(b.id, b.seq);
          };
        },
        { seq: a.seq, id: b.id, problem: 'prev_hash_mismatch' },
      );
    });

    it('names entries removed from the end (the head records more)', async () => {
      const newest = await audit.record({ tenant: uniqueTenant(), action: 'last', outcome: 'success' });
      await expectBroken(
        async () => {
          const stored = await row(newest);
          await database.db.deleteFrom('audit_log').where('id', '=', newest.id).execute();
          return async () => {
            await database.db.insertInto('audit_log').values(stored).execute();
          };
        },
        { seq: newest.seq, id: null, problem: 'missing_tail' },
      );
    });

    it('names a row inserted outside the chain', async () => {
      const id = newId();
      await expectBroken(
        async () => {
          await database.db
            .insertInto('audit_log')
            .values({ id, at: toDbTimestamp(new Date()), action: 'forged', outcome: 'success' })
            .execute();
          return async () => {
            await database.db.deleteFrom('audit_log').where('id', '=', id).execute();
          };
        },
        { id, problem: 'unlinked_entry' },
      );
    });

    it('prunes a prefix of the chain, says so in audit.pruned, and verifies from the oldest kept entry', async () => {
      const tenant = uniqueTenant();
      const old = await audit.record({ tenant, action: 'old', outcome: 'success' });
      // Everything written so far (some tests write entries dated in the 2030s) is older than the cutoff.
      const result = await audit.prune(new Date('2100-01-01T00:00:00.000Z'));
      expect(result.deleted).toBeGreaterThan(0);
      expect(result.throughSeq).toBe(old.seq);
      expect((await audit.list({ tenant })).items).toEqual([]);
      const kept = await audit.record({ tenant, action: 'kept', outcome: 'success' });
      const [pruned] = (await audit.list({ action: 'audit.pruned' })).items;
      expect(pruned).toMatchObject({ seq: old.seq + 1, details: { throughSeq: old.seq, deleted: result.deleted } });

      const report = await verifier.verify();
      expect(report).toMatchObject({
        ok: true,
        firstSeq: pruned.seq,
        lastSeq: kept.seq,
        anchor: { kind: 'retention', seq: pruned.seq },
      });
      expect(await audit.prune(new Date(0))).toEqual({ deleted: 0, throughSeq: pruned.seq - 1 });

      // Removing the pruning record too leaves entries no pruning accounts for.
      await expectBroken(
        async () => {
          const stored = await row(pruned);
          await database.db.deleteFrom('audit_log').where('id', '=', pruned.id).execute();
          return async () => {
            await database.db.insertInto('audit_log').values(stored).execute();
          };
        },
        { seq: 1, id: null, problem: 'missing_entries' },
      );
    });
  });
}
