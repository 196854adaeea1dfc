import { Module } from '@nestjs/common';
import { PersistenceModule } from '@app/infrastructure';
import { HanditModule } from '@app/handit';
import { DatasetService } from './datasets/dataset.service';
import { ExperimentRunner } from './experiments/experiment-runner';
import { ExperimentService } from './experiments/experiment.service';
import { ScoreSinks } from './experiments/score-sinks';
import { evaluationsMigrations } from './persistence/migrations';
import { DatasetRepository } from './persistence/dataset.repository';
import { ExperimentRepository } from './persistence/experiment.repository';

/**
 * Datasets and experiments (issue 18): versioned datasets of cases, experiments that run a task
 * type on a model through the normal queue and score each item, signal outcome scoring.
 */
@Module({
  imports: [
    PersistenceModule.forFeature({ namespace: 'evaluations', migrations: evaluationsMigrations }),
    HanditModule,
  ],
  providers: [DatasetRepository, ExperimentRepository, ScoreSinks, DatasetService, ExperimentRunner, ExperimentService],
  exports: [DatasetService, ExperimentService, ScoreSinks],
})
export class EvaluationsModule {}
