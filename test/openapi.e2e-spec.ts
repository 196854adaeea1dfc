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
    const doc = res.body as { paths: Record<string, Record<string, { summary?: string; responses: Record<string, unknown> }>>; components: { securitySchemes: Record<string, { type: string; name?: string; scheme?: string }> } };
    expect(doc.components.securitySchemes['api-key']).toMatchObject({ type: 'apiKey', name: 'X-API-Key' });
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const path of ['/health', '/health/live', '/health/ready', '/status', '/metrics', '/api/v1/audit-log']) {
      expect(doc.paths[path]?.get).toBeDefined();
    }
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        expect({ route: `${method.toUpperCase()} ${path}`, summary: typeof operation.summary }).toEqual({ route: `${method.toUpperCase()} ${path}`, summary: 'string' });
        expect(Object.keys(operation.responses).length).toBeGreaterThan(0);
      }
    }
    expect(Object.keys(doc.paths['/api/v1/audit-log'].get.responses).sort()).toEqual(['200', '400', '401', '403', '429']);
  });

  it('serves Swagger UI at /docs', async () => {
    const res = await request(t.http).get('/docs').redirects(1).expect(200);
    expect(res.text).toContain('swagger-ui');
  });
});
