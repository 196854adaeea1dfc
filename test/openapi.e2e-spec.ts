import SwaggerParser from '@apidevtools/swagger-parser';
import type { OpenAPI } from 'openapi-types';
import request from 'supertest';
import { createTestApp, TestApp } from './support/create-test-app';

describe('OpenAPI document', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(async () => {
    await t.close();
  });

  it('/docs-json is a valid OpenAPI document', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const document = res.body as OpenAPI.Document;
    await expect(SwaggerParser.validate(structuredClone(document))).resolves.toBeDefined();
    expect((document as { openapi?: string }).openapi).toMatch(/^3\./);
  });

  it('documents every route with a summary, responses with examples, and the security schemes', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const doc = res.body as {
      paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>;
      components: { securitySchemes: Record<string, { type: string; name?: string; scheme?: string }> };
    };
    expect(doc.components.securitySchemes['api-key']).toMatchObject({ type: 'apiKey', name: 'X-API-Key' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of ['/health', '/health/live', '/health/ready', '/status', '/metrics', '/api/v1/audit-log']) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect({ route: `${method.toUpperCase()} ${path}`, summary: typeof operation.summary }).toEqual({
          route: `${method.toUpperCase()} ${path}`,
          summary: 'string',
        });
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      }
    }
    const auditLog = Object.keys(doc.paths['/api/v1/audit-log'].get.responses).sort();
    expect(auditLog).toEqual(['200', '400', '401', '403', '429', '500', '503']);
  });

  it('lists the errors the pipeline gives: 500, 503, 404 with path parameters, 400/413/415 with bodies', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    type Operation = { requestBody?: unknown; responses: Record<string, { description: string }> };
    const paths = res.body.paths as Record<string, Record<string, Operation>>;
    for (const [path, operations] of Object.entries(paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        const statuses = Object.keys(operation.responses);
        const expected = ['500'];
        if (!path.startsWith('/health')) expected.push('503');
        if (path.includes('{')) expected.push('404');
        if (operation.requestBody) expected.push('400', '413', '415');
        const route = `${method.toUpperCase()} ${path}`;
        expect({ route, statuses }).toEqual({ route, statuses: expect.arrayContaining(expected) });
      }
    }
    const exportResponses = Object.keys(paths['/api/v1/memory/agents/{agentId}/export'].get.responses);
    expect(exportResponses).toEqual(expect.arrayContaining(['404', '500']));
    const createTask = paths['/api/v1/ai-orchestration/tasks'].post.responses;
    const unavailable = createTask['503'].description;
    expect(unavailable).toMatch(/^PROVIDER_UNAVAILABLE: .* \/ SHUTTING_DOWN: .* \/ SERVICE_UNAVAILABLE: /);
    expect(createTask['415'].description).toMatch(/^UNSUPPORTED_MEDIA_TYPE: /);
  });

  it('documents what GET /workflows returns: description and inputSchema may be null', async () => {
    const res = await request(t.http).get('/docs-json').expect(200);
    const list = res.body.paths['/api/v1/orchestration/workflows'].get.responses['200'];
    const schema = list.content['application/json'].schema;
    const item = schema.properties.data.items;
    expect(item.properties.description).toMatchObject({ type: 'string', nullable: true });
    expect(item.properties.inputSchema).toMatchObject({ type: 'object', nullable: true });
    expect(item.properties.createdAt).toMatchObject({ type: 'string', format: 'date-time' });
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(t.http).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
