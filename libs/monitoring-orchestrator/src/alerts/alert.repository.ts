import { Injectable } from '@nestjs/common';
import { Kysely } from 'kysely';
import {
  Database,
  Page,
  fromDbBoolean,
  fromDbInteger,
  fromDbJson,
  fromDbTimestamp,
  newId,
  paginate,
  toDbBoolean,
  toDbJson,
  toDbTimestamp,
} from '@app/infrastructure';
import type { AlertEvent, AlertExpr, AlertRule, Severity, Silence } from './alert.types';

/** Kysely's documented choice for tables declared by the owning library only. */
type Tables = any;

/** API alert rules, the alert history and silences. */
@Injectable()
export class AlertRepository {
  constructor(private readonly database: Database) {}

  private get db(): Kysely<Tables> {
    return this.database.db as Kysely<Tables>;
  }

  async listRules(): Promise<AlertRule[]> {
    const rows = await this.db.selectFrom('monitoring_alert_rules').selectAll().orderBy('created_at').limit(1000).execute();
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      name: r.name as string,
      expr: fromDbJson<AlertExpr>(this.database.dialect, r.expr) as AlertExpr,
      severity: r.severity as Severity,
      source: 'api' as const,
      createdAt: fromDbTimestamp(r.created_at),
    }));
  }

  async countRules(): Promise<number> {
    const row = await this.db.selectFrom('monitoring_alert_rules').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow();
    return fromDbInteger(row.n);
  }

  async insertRule(rule: AlertRule): Promise<void> {
    await this.db
      .insertInto('monitoring_alert_rules')
      .values({ id: rule.id, name: rule.name, expr: toDbJson(rule.expr), severity: rule.severity, created_at: toDbTimestamp(rule.createdAt) })
      .execute();
  }

  async deleteRule(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('monitoring_alert_rules').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }

  async recordEvent(event: Omit<AlertEvent, 'id'>, keep: number): Promise<AlertEvent> {
    const id = newId();
    await this.db
      .insertInto('monitoring_alert_events')
      .values({
        id,
        rule_id: event.ruleId,
        rule_name: event.ruleName,
        severity: event.severity,
        kind: event.kind,
        value: event.value,
        threshold: event.threshold,
        silenced: toDbBoolean(this.database.dialect, event.silenced),
        at: toDbTimestamp(event.at),
        replica: event.replica,
      })
      .execute();
    // History is bounded by count (historyLimit): drop what falls off the end.
    const cutoff = await this.db.selectFrom('monitoring_alert_events').select(['at', 'id']).orderBy('at', 'desc').orderBy('id', 'desc').offset(keep).limit(1).executeTakeFirst();
    if (cutoff) await this.db.deleteFrom('monitoring_alert_events').where('id', '<=', cutoff.id as string).execute();
    return { ...event, id };
  }

  async history(query: { limit?: number; cursor?: string | null; ruleName?: string }): Promise<Page<AlertEvent>> {
    let q = this.db.selectFrom('monitoring_alert_events').selectAll();
    if (query.ruleName) q = q.where('rule_name', '=', query.ruleName);
    const page = await paginate(q, { limit: query.limit, cursor: query.cursor, orderBy: { column: 'at', direction: 'desc' } });
    return {
      items: page.items.map((r: Record<string, unknown>) => ({
        id: r.id as string,
        ruleId: r.rule_id as string,
        ruleName: r.rule_name as string,
        severity: r.severity as Severity,
        kind: r.kind as AlertEvent['kind'],
        value: r.value === null ? null : Number(r.value),
        threshold: Number(r.threshold),
        silenced: fromDbBoolean(r.silenced),
        at: fromDbTimestamp(r.at),
        replica: (r.replica as string | null) ?? null,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async insertSilence(silence: Silence): Promise<void> {
    await this.db
      .insertInto('monitoring_silences')
      .values({
        id: silence.id,
        rule_name: silence.ruleName,
        severity: silence.severity,
        starts_at: toDbTimestamp(silence.startsAt),
        ends_at: toDbTimestamp(silence.endsAt),
        comment: silence.comment,
        created_by: silence.createdBy,
        created_at: toDbTimestamp(silence.createdAt),
      })
      .execute();
  }

  /** Silences not yet expired (at most 1000: they are made by hand). */
  async currentSilences(now: Date): Promise<Silence[]> {
    const rows = await this.db.selectFrom('monitoring_silences').selectAll().where('ends_at', '>', toDbTimestamp(now)).orderBy('starts_at').limit(1000).execute();
    return rows.map((r: Record<string, unknown>) => ({
      id: r.id as string,
      ruleName: (r.rule_name as string | null) ?? null,
      severity: (r.severity as Severity | null) ?? null,
      startsAt: fromDbTimestamp(r.starts_at),
      endsAt: fromDbTimestamp(r.ends_at),
      comment: r.comment as string,
      createdBy: (r.created_by as string | null) ?? null,
      createdAt: fromDbTimestamp(r.created_at),
    }));
  }

  async deleteSilence(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('monitoring_silences').where('id', '=', id).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  }
}
