import { Global, Module } from '@nestjs/common';
import { Clock } from '../jobs/clock';
import { ConcurrencyBudget } from './concurrency-budget';

/**
 * One ConcurrencyBudget and one Clock for the whole app. Global and static, so every library
 * that imports it (scheduler, monitoring, handit) shares the same instances.
 */
@Global()
@Module({ providers: [ConcurrencyBudget, Clock], exports: [ConcurrencyBudget, Clock] })
export class WorkCoreModule {}
