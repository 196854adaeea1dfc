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
    .build();
  return addPipelineErrors(SwaggerModule.createDocument(app, config));
}

/** Swagger UI at /docs and the document at /docs-json. */
export function installSwagger(app: INestApplication): void {
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'AI Orchestration Service API',
  });
}
