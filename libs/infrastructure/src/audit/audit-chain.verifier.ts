import { Injectable } from '@nestjs/common';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { entryHash, GENESIS_HASH } from './audit-chain';
import { AuditLogRepository } from '../persistence/audit-log.repository';
import { AUDIT_PRUNED_ACTION } from './audit-log.service';
import type { AuditChainHead, AuditLogEntry } from './audit-log.types';

export const AUDIT_CHAIN_PROBLEMS = [
  'hash_mismatch',
  'prev_hash_mismatch',
  'genesis_mismatch',
  'missing_entries',
  'missing_tail',
  'unlinked_entry',
] as const;
export type AuditChainProblem = (typeof AUDIT_CHAIN_PROBLEMS)[number];

/** Where a verification walk starts: the first entry ever, or the oldest one kept after retention. */
export const AUDIT_ANCHOR_KINDS = ['genesis', 'retention'] as const;

/** The first broken link: where, and what is wrong. `id` is null when the entry is missing. */
export interface AuditChainBreak {
  readonly seq: number;
  readonly id: string | null;
  readonly problem: AuditChainProblem;
  readonly message: string;
}

/** Where the walk started and why it trusts that entry's previous hash. */
export interface AuditChainAnchor {
  readonly seq: number;
  readonly prevHash: string;
  /** genesis: the first entry ever; retention: older entries were pruned (an `audit.pruned` entry says so). */
  readonly kind: (typeof AUDIT_ANCHOR_KINDS)[number];
  readonly note: string;
}

export interface AuditChainReport {
  readonly ok: boolean;
  readonly checked: number;
  readonly firstSeq: number | null;
  readonly lastSeq: number | null;
  readonly head: AuditChainHead;
  readonly anchor: AuditChainAnchor | null;
  readonly firstBroken: AuditChainBreak | null;
  readonly verifiedAt: Date;
}

const PAGE = 1000;

interface WalkState {
  previous: AuditLogEntry | null;
  anchor: AuditChainAnchor | null;
  checked: number;
}

/**
 * Walks the audit chain in sequence order and names the first broken link: an entry whose
 * fields no longer match its hash (edited), whose previous hash is not the hash of the entry
 * before (re-ordered or replaced), a gap in the sequence (deleted), entries missing after the
 * last one the head recorded (truncated), or a row outside the chain (inserted). Retention pruning
 * is not a break: the walk starts at the oldest kept entry, trusting its stored previous hash, as
 * long as the newest `audit.pruned` entry accounts for every missing sequence number before it.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(private readonly repository: AuditLogRepository) {}

  async verify(): Promise<AuditChainReport> {
    const prunedBefore = await this.repository.latestWithAction(AUDIT_PRUNED_ACTION);
    const report = await this.walk(prunedBefore);
    if (report.ok) return report;
    // A retention pass that ran during the walk removes entries under it; walk once more.
    const prunedAfter = await this.repository.latestWithAction(AUDIT_PRUNED_ACTION);
    return prunedAfter?.id !== prunedBefore?.id ? this.walk(prunedAfter) : report;
  }

  private async walk(pruned: AuditLogEntry | undefined): Promise<AuditChainReport> {
    const head = await this.repository.head();
    const state: WalkState = { previous: null, anchor: null, checked: 0 };
    const finish = (firstBroken: AuditChainBreak | null): AuditChainReport => ({
      ok: firstBroken === null,
      checked: state.checked,
      firstSeq: state.anchor?.seq ?? null,
      lastSeq: state.previous?.seq ?? null,
      head,
      anchor: state.anchor,
      firstBroken,
      verifiedAt: new Date(),
    });
    let after = 0;
    for (;;) {
      const page = await this.repository.chainPage(after, head.seq, PAGE);
      for (const entry of page) {
        const broken = this.check(entry, state, pruned);
        if (broken) return finish(broken);
        state.previous = entry;
        state.checked += 1;
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1].seq;
      await yieldToLoop();
    }
    return finish(this.checkTail(state.previous, head) ?? (await this.checkUnlinked()));
  }

  private check(entry: AuditLogEntry, state: WalkState, pruned: AuditLogEntry | undefined): AuditChainBreak | null {
    const previous = state.previous;
    if (previous === null) {
      const broken = this.anchor(entry, state, pruned);
      if (broken) return broken;
    } else if (entry.seq !== previous.seq + 1) {
      return {
        seq: previous.seq + 1,
        id: null,
        problem: 'missing_entries',
        message: `entries ${previous.seq + 1}..${entry.seq - 1} are missing between ${previous.id} and ${entry.id}`,
      };
    } else if (entry.prevHash !== previous.hash) {
      return {
        seq: entry.seq,
        id: entry.id,
        problem: 'prev_hash_mismatch',
        message: `its previous hash is not the hash of entry ${previous.seq} (${previous.id}): replaced or re-ordered`,
      };
    }
    if (entryHash(entry) !== entry.hash) {
      return {
        seq: entry.seq,
        id: entry.id,
        problem: 'hash_mismatch',
        message: 'its fields do not match its hash: the entry was changed after it was written',
      };
    }
    return null;
  }

  private anchor(entry: AuditLogEntry, state: WalkState, pruned: AuditLogEntry | undefined): AuditChainBreak | null {
    if (entry.seq === 1) {
      const note = 'the walk starts at the first entry ever written';
      state.anchor = { seq: 1, prevHash: entry.prevHash, kind: 'genesis', note };
      if (entry.prevHash === GENESIS_HASH) return null;
      const message = 'the first entry does not chain to the genesis hash';
      return { seq: 1, id: entry.id, problem: 'genesis_mismatch', message };
    }
    const throughSeq = Number(pruned?.details?.throughSeq ?? 0);
    state.anchor = {
      seq: entry.seq,
      prevHash: entry.prevHash,
      kind: 'retention',
      note:
        `entries 1..${entry.seq - 1} were pruned by retention; ` +
        `the walk trusts the stored previous hash of entry ${entry.seq}`,
    };
    if (Number.isInteger(throughSeq) && throughSeq >= entry.seq - 1) return null;
    return {
      seq: throughSeq + 1,
      id: null,
      problem: 'missing_entries',
      message: `entries ${throughSeq + 1}..${entry.seq - 1} are missing and no retention pruning removed them`,
    };
  }

  private checkTail(last: AuditLogEntry | null, head: AuditChainHead): AuditChainBreak | null {
    if (last === null) {
      if (head.seq === 0) return null;
      const message = `the head records ${head.seq} entries but none is stored`;
      return { seq: 1, id: null, problem: 'missing_entries', message };
    }
    if (last.seq === head.seq && last.hash === head.hash) return null;
    return {
      seq: last.seq + 1,
      id: null,
      problem: 'missing_tail',
      message:
        `the chain ends at entry ${last.seq} but the head records entry ${head.seq}: ` +
        'newer entries were removed or changed',
    };
  }

  private async checkUnlinked(): Promise<AuditChainBreak | null> {
    const row = await this.repository.findUnlinked();
    if (row) {
      const message = 'a row without sequence number or hashes was inserted outside the chain';
      return { seq: row.seq, id: row.id, problem: 'unlinked_entry', message };
    }
    // The newest row is read before the head: an append in between moves the head past it.
    const newest = await this.repository.newest();
    const head = await this.repository.head();
    if (!newest || newest.seq <= head.seq) return null;
    const message = `a row numbered beyond the head (${head.seq}) was inserted outside the chain`;
    return { seq: newest.seq, id: newest.id, problem: 'unlinked_entry', message };
  }
}
