import { Injectable } from '@nestjs/common';
import { toDbJson, toDbTimestamp, TablesRepository } from '@app/infrastructure';
import type { TaskLineage } from '../lineage/task-lineage.types';
import { toLineage } from './row-mapping';
import type { HanditDb, HanditTables } from './tables';

/** Task lineage rows; every read is filtered by tenant. */
@Injectable()
export class TaskLineageRepository extends TablesRepository<HanditTables> {
  async insert(lineage: TaskLineage, db: HanditDb = this.db): Promise<void> {
    await db
      .insertInto('handit_task_lineage')
      .values({
        task_id: lineage.taskId,
        tenant: lineage.tenant,
        digest: lineage.digest,
        data_digest: lineage.dataDigest,
        parameters_digest: lineage.parametersDigest,
        model_id: lineage.model.id,
        model_version: lineage.model.version,
        record: toDbJson(lineage.record),
        data_quality: toDbJson(lineage.dataQuality),
        created_at: toDbTimestamp(lineage.createdAt),
      })
      .execute();
  }

  async find(tenant: string, taskId: string): Promise<TaskLineage | undefined> {
    const row = await this.db
      .selectFrom('handit_task_lineage')
      .selectAll()
      .where('tenant', '=', tenant)
      .where('task_id', '=', taskId)
      .executeTakeFirst();
    return row ? toLineage(this.database.dialect, row) : undefined;
  }

  /** Lineage older than `before` whose task the task retention has already deleted. */
  async deleteOrphansBefore(before: Date): Promise<number> {
    const result = await this.db
      .deleteFrom('handit_task_lineage')
      .where('created_at', '<', toDbTimestamp(before))
      .where(({ not, exists, selectFrom }) => {
        const task = selectFrom('handit_tasks')
          .select('handit_tasks.id')
          .whereRef('handit_tasks.id', '=', 'handit_task_lineage.task_id');
        return not(exists(task));
      })
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
