import { Injectable } from '@nestjs/common';
import { newId } from '../persistence/ids';
import type { Page } from '../persistence/pagination/paginate';
import { linkEntries, prepareEntry } from './audit-chain';
import { AuditLogRepository } from '../persistence/audit-log.repository';
import type { AuditLogEntry, AuditLogEntryInput, AuditLogQuery } from './audit-log.types';

/** The action of the entry retention appends after removing old entries; verify reads it. */
export const AUDIT_PRUNED_ACTION = 'audit.pruned';
// Deleted per statement, so a first prune of millions of rows never holds one long lock.
const PRUNE_BATCH = 5000;

/** What one retention pass removed: every entry with seq ≤ throughSeq is gone. */
export interface AuditPruneResult {
  readonly deleted: number;
  readonly throughSeq: number;
}

/**
 * The append-only audit log as a hash chain. Every append is one transaction that locks the chain
 * head, links the entries after it (consecutive sequence numbers, each holding the SHA-256 of the
 * one before) and moves the head, so appends from any number of replicas form one chain.
 */
@Injectable()
export class AuditLog {
  constructor(private readonly repository: AuditLogRepository) {}

  /** Appends the entries in order, atomically; returns them as stored. */
  async append(inputs: readonly AuditLogEntryInput[], now: Date = new Date()): Promise<AuditLogEntry[]> {
    const prepared = inputs.map((input) => prepareEntry(input, newId(), now));
    if (prepared.length === 0) return [];
    return this.repository.transaction(async (trx) => {
      const head = await this.repository.lockHead(trx);
      const linked = linkEntries(head, prepared);
      await this.repository.insert(linked, trx);
      const last = linked[linked.length - 1];
      await this.repository.moveHead({ seq: last.seq, hash: last.hash }, now, trx);
      return linked;
    });
  }

  async record(input: AuditLogEntryInput): Promise<AuditLogEntry> {
    const [entry] = await this.append([input]);
    return entry;
  }

  /** Newest first. Callers scope by tenant (see AuditTrailService); this lists what it is asked. */
  list(query: AuditLogQuery = {}): Promise<Page<AuditLogEntry>> {
    return this.repository.list(query);
  }

  /**
   * Retention: removes the chain's oldest entries, as a prefix, up to the earliest entry written
   * at or after `cutoff` (an entry a few milliseconds out of time order around the cutoff goes
   * with the prefix), then appends an `audit.pruned` entry saying through which sequence number
   * entries were removed, so verify can tell pruning from deletion.
   */
  async prune(cutoff: Date): Promise<AuditPruneResult> {
    const head = await this.repository.head();
    const keepFrom = (await this.repository.firstSeqFrom(cutoff)) ?? head.seq + 1;
    let deleted = 0;
    for (;;) {
      const removed = await this.repository.deleteBefore(keepFrom, PRUNE_BATCH);
      deleted += removed;
      if (removed < PRUNE_BATCH) break;
    }
    const throughSeq = keepFrom - 1;
    if (deleted > 0) {
      await this.record({
        action: AUDIT_PRUNED_ACTION,
        outcome: 'success',
        details: { throughSeq, deleted, cutoff: cutoff.toISOString() },
      });
    }
    return { deleted, throughSeq };
  }
}
