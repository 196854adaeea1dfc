import { createHash } from 'node:crypto';
import stableStringify from 'fast-json-stable-stringify';
import type { AuditChainHead, AuditLogEntry, AuditLogEntryInput } from './audit-log.types';

/** The previous hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** Version of the canonical serialisation; part of every hash, so a future format cannot collide. */
export const AUDIT_CHAIN_VERSION = 1;

// Bounds that keep one misbehaving caller from filling the table with huge rows.
const MAX_SHORT_TEXT = 200;
const MAX_TARGET = 500;
const MAX_DETAILS_BYTES = 16 * 1024;
const MAX_DETAIL_TEXT = 2000;
// Control characters and lone surrogates: PostgreSQL refuses NUL in text, and both databases
// store a lone surrogate as U+FFFD, so the stored text would no longer hash like the written one.
const CONTROL = '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]';
const LONE_SURROGATE = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const UNSTORABLE = new RegExp(`${CONTROL}|${LONE_SURROGATE}`, 'g');

/** An entry's fields before it is linked: what the input becomes once cleaned and bounded. */
export type UnlinkedEntry = Omit<AuditLogEntry, 'seq' | 'prevHash' | 'hash'>;

/** Text as it will be stored: storable characters only, cut to `max` characters. */
export function storableText(value: unknown, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  const text = String(value).replace(UNSTORABLE, '\uFFFD');
  // Cut on a code-point boundary so the cut itself cannot leave a lone surrogate.
  return text.length <= max ? text : `${Array.from(text.slice(0, max)).slice(0, -1).join('')}…`;
}

function storableDetails(details: Record<string, unknown> | null | undefined): Record<string, unknown> | null {
  if (details === undefined || details === null) return null;
  // Through JSON and back, as a read would return it (undefined dropped, dates as strings).
  const text = JSON.stringify(details, (_key, value: unknown) =>
    typeof value === 'string' ? (storableText(value, MAX_DETAIL_TEXT) ?? '') : value,
  );
  if (Buffer.byteLength(text) > MAX_DETAILS_BYTES) return { truncated: true, bytes: Buffer.byteLength(text) };
  return JSON.parse(text) as Record<string, unknown>;
}

/**
 * Cleans and bounds an input into the fields that will be stored and hashed. Throws for a missing
 * action or outcome (a programming error); over-long text is cut rather than refused, so a
 * hostile path cannot keep its request out of the trail.
 */
export function prepareEntry(input: AuditLogEntryInput, id: string, now: Date): UnlinkedEntry {
  const action = storableText(input.action, MAX_SHORT_TEXT);
  const outcome = storableText(input.outcome, MAX_SHORT_TEXT);
  if (action === null) throw new TypeError('audit log action is required');
  if (outcome === null) throw new TypeError('audit log outcome is required');
  const at = input.at ?? now;
  if (Number.isNaN(at.getTime())) throw new TypeError('audit log time is invalid');
  const status = input.status ?? null;
  return {
    id,
    at: new Date(at.getTime()),
    principalId: storableText(input.principalId, MAX_SHORT_TEXT),
    tenant: storableText(input.tenant, MAX_SHORT_TEXT),
    action,
    target: storableText(input.target, MAX_TARGET),
    status: status !== null && Number.isInteger(status) && status >= 0 && status <= 999 ? status : null,
    outcome,
    requestId: storableText(input.requestId, MAX_SHORT_TEXT),
    sourceIp: storableText(input.sourceIp, MAX_SHORT_TEXT),
    details: storableDetails(input.details),
  };
}

/**
 * The canonical serialisation an entry's hash covers: every stored field in a fixed order, the
 * details as key-sorted JSON, and the previous hash. A JSON array, so no field can run into the
 * next.
 */
export function canonicalEntry(entry: Omit<AuditLogEntry, 'hash'>): string {
  return JSON.stringify([
    AUDIT_CHAIN_VERSION,
    entry.seq,
    entry.id,
    entry.at.toISOString(),
    entry.principalId,
    entry.tenant,
    entry.action,
    entry.target,
    entry.status,
    entry.outcome,
    entry.requestId,
    entry.sourceIp,
    entry.details === null ? null : stableStringify(entry.details),
    entry.prevHash,
  ]);
}

/** SHA-256 (hex) of the canonical serialisation. */
export function entryHash(entry: Omit<AuditLogEntry, 'hash'>): string {
  return createHash('sha256').update(canonicalEntry(entry)).digest('hex');
}

/** Links entries after `head` in order: consecutive sequence numbers, each hashing the one before. */
export function linkEntries(head: AuditChainHead, entries: readonly UnlinkedEntry[]): AuditLogEntry[] {
  const linked: AuditLogEntry[] = [];
  let previous = head;
  for (const entry of entries) {
    const unhashed = { ...entry, seq: previous.seq + 1, prevHash: previous.hash };
    const next: AuditLogEntry = { ...unhashed, hash: entryHash(unhashed) };
    linked.push(next);
    previous = next;
  }
  return linked;
}
