import { Body, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiParam } from '@nestjs/swagger';
import { BulkBody, CurrentPrincipal, type Principal } from '@app/infrastructure';
import { DatasetService, ExperimentService, type ExperimentTarget } from '@app/evaluations';
import { ApiEnvelope, ApiErrors } from '../http/openapi.decorators';
import { CallerController, ApiCursorPage } from '../http/route-decorators';
import { presentPage } from '../http/page';
import {
  CreateDatasetDto,
  CreateExperimentDto,
  DatasetItemsQueryDto,
  EvaluationListQueryDto,
  ExperimentWaitQueryDto,
  ImportItemsDto,
} from './dto/evaluation.dto';
import {
  COMPARISON_SCHEMA,
  DATASET_SCHEMA,
  EXPERIMENT_ITEM_SCHEMA,
  EXPERIMENT_SCHEMA,
  IMPORT_SCHEMA,
  ITEMS_SCHEMA,
  presentComparison,
  presentDataset,
  presentExperiment,
  presentExperimentItem,
  presentImport,
  presentItems,
} from './evaluation.presenter';

const ID = { name: 'id', description: 'Id from the create call or the list', example: '01JD3Z7R2M0P9K8J7H6G5F4E3D' };

/**
 * Datasets and experiments of the caller's tenant (another tenant's are 404): import cases, run
 * a task type on a model over them through the normal queue, score and compare. Reads need
 * viewer, writes operator.
 */
@CallerController('evaluations', 'api/v1/evaluations')
export class EvaluationsController {
  constructor(
    private readonly datasets: DatasetService,
    private readonly experiments: ExperimentService,
  ) {}

  @Post('datasets')
  @ApiOperation({
    operationId: 'createDataset',
    summary: 'Create a dataset (no items yet: version 0)',
    description: 'A name unique in the tenant (409 otherwise); import items next, each import a new version.',
  })
  @ApiBody({ type: CreateDatasetDto, examples: { spx: { value: { name: 'spx-daily-signals' } } } })
  @ApiEnvelope(201, 'The dataset', DATASET_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'CONFLICT', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async createDataset(@CurrentPrincipal() principal: Principal, @Body() body: CreateDatasetDto) {
    return presentDataset(await this.datasets.create(principal.tenant, body));
  }

  @Get('datasets')
  @ApiOperation({
    operationId: 'listDatasets',
    summary: 'The tenant’s datasets, newest first',
    description: 'Cursor-paginated.',
  })
  @ApiCursorPage('One page of datasets', DATASET_SCHEMA)
  async listDatasets(@CurrentPrincipal() principal: Principal, @Query() query: EvaluationListQueryDto) {
    return presentPage(await this.datasets.list(principal.tenant, query), presentDataset);
  }

  @Get('datasets/:id')
  @ApiParam(ID)
  @ApiOperation({
    operationId: 'getDataset',
    summary: 'A dataset',
    description: 'With its latest version number; another tenant’s is 404.',
  })
  @ApiEnvelope(200, 'The dataset', DATASET_SCHEMA)
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async getDataset(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return presentDataset(await this.datasets.get(principal.tenant, id));
  }

  @Post('datasets/:id/items')
  @BulkBody()
  @ApiParam(ID)
  @ApiOperation({
    operationId: 'importDatasetItems',
    summary: 'Import items (JSON or CSV) as the next version',
    description:
      'Each import makes a new version: the previous items then these (`append`), or these only (`replace`). ' +
      'Experiments name the version they ran on.',
  })
  @ApiBody({
    type: ImportItemsDto,
    examples: {
      json: { value: { format: 'json', items: [{ input: { question: '2+2?' }, expectedOutput: { answer: 4 } }] } },
      csv: { value: { format: 'csv', csv: 'question,expectedOutput\n2+2?,"{""answer"":4}"' } },
    },
  })
  @ApiEnvelope(201, 'The new version', IMPORT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'PAYLOAD_TOO_LARGE', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async importItems(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Body() body: ImportItemsDto) {
    return presentImport(await this.datasets.import(principal.tenant, id, body));
  }

  @Get('datasets/:id/items')
  @ApiParam(ID)
  @ApiOperation({
    operationId: 'listDatasetItems',
    summary: 'A dataset version’s items (default the latest), in order',
    description: 'A version holds at most 10 000 items, all returned.',
  })
  @ApiEnvelope(200, 'The items', ITEMS_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async items(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Query() query: DatasetItemsQueryDto) {
    return presentItems(await this.datasets.items(principal.tenant, id, query.version));
  }

  @Post('experiments')
  @HttpCode(202)
  @ApiOperation({
    operationId: 'createExperiment',
    summary: 'Run a task type on a model over a dataset version, and score it',
    description:
      'Each item becomes a task in the normal queue at `priority` (default low), with `target.parameters` merged ' +
      'into its input; each output is scored by the evaluators. 202: poll GET /experiments/{id} (or `?wait=`).',
  })
  @ApiBody({
    type: CreateExperimentDto,
    examples: {
      signals: {
        value: {
          name: 'signals v1',
          datasetId: '01JD3Z7R2M0P9K8J7H6G5F4E3D',
          target: { kind: 'task', taskType: 'trading_signal', model: 'equities-technical', modelVersion: 'v1' },
          evaluators: [{ type: 'signal_outcome', horizon: 5 }],
        },
      },
    },
  })
  @ApiEnvelope(202, 'The experiment, running', EXPERIMENT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'PROVIDER_UNAVAILABLE', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async createExperiment(@CurrentPrincipal() principal: Principal, @Body() body: CreateExperimentDto) {
    const created = await this.experiments.create(principal.tenant, principal.id, {
      ...body,
      target: body.target as ExperimentTarget,
    });
    return presentExperiment(created);
  }

  @Get('experiments')
  @ApiOperation({
    operationId: 'listExperiments',
    summary: 'The tenant’s experiments, newest first',
    description: 'Cursor-paginated, with each finished experiment’s summary.',
  })
  @ApiCursorPage('One page of experiments', EXPERIMENT_SCHEMA)
  async listExperiments(@CurrentPrincipal() principal: Principal, @Query() query: EvaluationListQueryDto) {
    return presentPage(await this.experiments.list(principal.tenant, query), presentExperiment);
  }

  @Get('experiments/:id')
  @ApiParam(ID)
  @ApiOperation({
    operationId: 'getExperiment',
    summary: 'An experiment with its summary once finished',
    description: '`?wait=` (ms, at most 30 000) waits for the end first.',
  })
  @ApiEnvelope(200, 'The experiment', EXPERIMENT_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async getExperiment(
    @CurrentPrincipal() principal: Principal,
    @Param('id') id: string,
    @Query() query: ExperimentWaitQueryDto,
  ) {
    return presentExperiment(await this.experiments.get(principal.tenant, id, query.wait ?? 0));
  }

  @Get('experiments/:id/items')
  @ApiParam(ID)
  @ApiOperation({
    operationId: 'listExperimentItems',
    summary: 'Each item’s task, trace, output and scores',
    description: 'In dataset order; an item still pending has no output or scores yet.',
  })
  @ApiEnvelope(200, 'The items, in dataset order', { type: 'array', items: EXPERIMENT_ITEM_SCHEMA })
  @ApiErrors('NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async experimentItems(@CurrentPrincipal() principal: Principal, @Param('id') id: string) {
    return (await this.experiments.items(principal.tenant, id)).map(presentExperimentItem);
  }

  @Get('experiments/:id/compare/:other')
  @ApiParam(ID)
  @ApiParam({
    name: 'other',
    description: 'The experiment to compare with (same dataset)',
    example: '01JD3Z7R2M0P9K8J7H6G5F4E3E',
  })
  @ApiOperation({
    operationId: 'compareExperiments',
    summary: 'Two experiments item by item, with b − a per score',
    description:
      'Both must run over the same dataset (400 naming `b` otherwise); items are matched by dataset item id.',
  })
  @ApiEnvelope(200, 'The comparison', COMPARISON_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'NOT_FOUND', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async compare(@CurrentPrincipal() principal: Principal, @Param('id') id: string, @Param('other') other: string) {
    return presentComparison(await this.experiments.compare(principal.tenant, id, other));
  }
}
