import { Module } from '@nestjs/common';
import { EvaluationsModule } from '@app/evaluations';
import { LangfuseModule } from '@app/langfuse';
import { EvaluationsController } from './evaluations.controller';
import { TraceScoreSink } from './trace-score-sink';

/** HTTP routes of datasets and experiments under /api/v1/evaluations. */
@Module({
  imports: [EvaluationsModule, LangfuseModule],
  controllers: [EvaluationsController],
  providers: [TraceScoreSink],
})
export class EvaluationsApiModule {}
