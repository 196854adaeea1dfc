import type { INestApplication } from '@nestjs/common';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { AuditLog, AuditLogEntry, AuditWriter } from '@app/infrastructure';

/**
 * The audit entry of one request. Entries are queued when the response closes and appended in
 * batches, so this flushes the writer and looks again until the entry is there (2 s at most).
 */
export async function auditEntryOf(app: INestApplication, requestId: string): Promise<AuditLogEntry> {
  const writer = app.get(AuditWriter);
  const log = app.get(AuditLog);
  for (let attempt = 0; attempt < 100; attempt++) {
    await writer.flush();
    const [entry] = (await log.list({ requestId })).items;
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no audit entry for request ${requestId}`);
}

/** Writes what is queued, so lists and verify see every request answered so far. */
export async function flushAudit(app: INestApplication): Promise<void> {
  // The last response's close event may still be on its way.
  await new Promise((resolve) => setTimeout(resolve, 20));
  await app.get(AuditWriter).flush();
}

/** Runs SQL on the test app's SQLite file from a second connection, as an attacker with file access would. */
export function tamperSqlite(dataDir: string, statement: string, ...params: unknown[]): number {
  const db = new BetterSqlite3(join(dataDir, 'orchestration.db'));
  try {
    return db.prepare(statement).run(...params).changes;
  } finally {
    db.close();
  }
}
