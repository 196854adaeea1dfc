import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { ERROR_CODE_DESCRIPTIONS, ERROR_CODES } from '@app/infrastructure';
import { serviceVersion } from '../operations/service-version';
import { addPipelineErrors } from './openapi-errors';

const DESCRIPTION = `
One REST API for the trading platform's AI work: AI tasks on specialist quantitative models,
LangGraph workflows, agent memory, agent coordination, schedules, tracing and monitoring.

Every JSON response is an envelope: \`{ success, data | error, meta: { requestId, timestamp } }\`.
Errors carry a code from a closed set, each with one HTTP status:

${Object.entries(ERROR_CODES)
  .map(([code, status]) => `- \`${code}\` (${status}): ${ERROR_CODE_DESCRIPTIONS[code as keyof typeof ERROR_CODES]}`)
  .join('\n')}

Authenticate with an API key (\`X-API-Key\`) or an HS256 bearer token. Roles: \`viewer\` reads,
\`operator\` creates and cancels, \`admin\` manages everything.
`;

/**
 * Swagger UI's groups, in the order of the README's quick tour. Every tag a controller uses is
 * declared here (Spectral's operation-tag-defined), so a new tag needs a line and a description.
 */
export const API_TAGS: ReadonlyArray<{ name: string; description: string }> = [
  { name: 'models', description: 'The models and task types the service offers, with runnable example inputs.' },
  {
    name: 'tasks',
    description: 'AI tasks on the specialist models: submit, wait or stream, read the result, cancel; data policy.',
  },
  {
    name: 'workflows',
    description: 'LangGraph workflows: templates, registered definitions, runs, risk limits, halt.',
  },
  { name: 'workflow runs', description: 'Runs of workflows: status, checkpoints, events, approval (resume), cancel.' },
  {
    name: 'langgraph assistants',
    description:
      'LangGraph Platform API (for @langchain/langgraph-sdk): assistants, versioned configurations of a graph.',
  },
  {
    name: 'langgraph threads',
    description: 'LangGraph Platform API: threads keeping state across runs, their state, history, updates and copies.',
  },
  {
    name: 'langgraph runs',
    description: 'LangGraph Platform API: runs on threads and stateless; wait, stream modes, join, cancel, multitask.',
  },
  { name: 'langgraph store', description: 'LangGraph Platform API: the long-term store graphs share across threads.' },
  { name: 'langgraph crons', description: 'LangGraph Platform API: runs on a cron schedule, fired by the scheduler.' },
  { name: 'memory', description: 'Agent memory: memories with search, core blocks, sessions, context, export/import.' },
  { name: 'agents', description: 'Agents (built-in and external): registry, health, mailbox claim/ack over SSE.' },
  { name: 'agent messages', description: 'Messages to agents: send, follow, dead letters and replay.' },
  {
    name: 'coordination',
    description: 'Runs that spread one task over several agents (sequential, parallel, consensus).',
  },
  { name: 'scheduler', description: 'Schedules (cron, interval, one-off), their runs, dead letters and queues.' },
  { name: 'observability', description: 'Traces of every request with scores, sessions and a metrics summary.' },
  { name: 'prompts', description: 'Managed prompts: versions, labels and compile (in Langfuse when configured).' },
  { name: 'evaluations', description: 'Datasets of cases and experiments that run and score a model over them.' },
  { name: 'monitoring', description: 'Health of components, metric series, alert rules, silences and the dashboard.' },
  {
    name: 'webhooks',
    description: 'Signed callbacks when tasks and runs finish: subscriptions, test delivery, the delivery log.',
  },
  { name: 'calendars', description: 'Trading calendars: venues, sessions and whether a venue is open now.' },
  { name: 'operations', description: 'Probes, status, Prometheus metrics and the tamper-evident audit log.' },
];

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('AI Orchestration Service')
    .setDescription(DESCRIPTION)
    .setVersion(serviceVersion())
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key', description: 'API key from API_KEYS' }, 'api-key')
    .addBearerAuth(
      {
        type: 'http',
        scheme: 'bearer',
        bearerFormat: 'JWT',
        description: 'HS256 token signed with JWT_SECRET; claims sub, role, tenant, exp',
      },
      'bearer',
    )
    // Relative, so "Try it out" calls whichever host serves the page.
    .addServer('/', 'This service')
    .build();
  config.tags = API_TAGS.map((tag) => ({ ...tag }));
  return addPipelineErrors(SwaggerModule.createDocument(app, config));
}

/** Swagger UI at /docs and the document at /docs-json. */
export function installSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'AI Orchestration Service API',
    // The key or token entered under "Authorize" survives a reload of the page.
    swaggerOptions: { persistAuthorization: true, displayOperationId: true },
  });
}
