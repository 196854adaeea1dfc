import { Document, Spectral } from '@stoplight/spectral-core';
import { Json } from '@stoplight/spectral-parsers';
import { oas } from '@stoplight/spectral-rulesets';
import request from 'supertest';
import { API_TAGS } from '../apps/gateway/src/http/swagger';
import { createTestApp, type TestApp } from './support/create-test-app';
import { operationsOf, type OpenApiDocument } from './support/openapi-walk';

/**
 * The OpenAPI document against Spectral's standard ruleset (`spectral:oas`: its recommended rules
 * at their default severities, what `extends: spectral:oas` means) and the operationId rules the typed client depends on: its method names.
 */

/** verbNoun in camel case, the verb first (`listTasks`, `getWorkflowRun`, `ackAgentMessage`). */
const OPERATION_ID = /^[a-z]+(?:[A-Z][a-z0-9]+)+$/;

describe('OpenAPI document: Spectral and operationIds', () => {
  let t: TestApp;
  let text: string;
  let doc: OpenApiDocument & { tags?: { name: string; description?: string }[] };

  beforeAll(async () => {
    t = await createTestApp();
    const res = await request(t.http).get('/docs-json').expect(200);
    text = res.text;
    doc = res.body;
  });
  afterAll(async () => {
    await t.close();
  });

  it('passes spectral:oas (as `spectral lint` runs it) with no error, warning, info or hint', async () => {
    const spectral = new Spectral();
    spectral.setRuleset({ extends: [[oas as never, 'recommended']] } as never);
    const results = await spectral.run(new Document(text, Json, '/docs-json'));
    const findings = results.map((r) => `${r.code} at ${r.path.join('.')}: ${r.message}`);
    expect(findings).toEqual([]);
  }, 60_000);

  it('gives every operation a unique, readable operationId', () => {
    const ids = operationsOf(doc).map((op) => ({ route: `${op.method} ${op.path}`, id: op.operation.operationId }));
    const unreadable = ids.filter(({ id }) => !id || !OPERATION_ID.test(id));
    expect(unreadable).toEqual([]);
    const seen = new Map<string, string>();
    const duplicates = ids.filter(({ id, route }) => seen.has(id!) || !seen.set(id!, route));
    expect(duplicates).toEqual([]);
    expect(ids).toEqual(
      expect.arrayContaining([
        { route: 'POST /api/v1/ai-orchestration/tasks', id: 'createTask' },
        { route: 'GET /api/v1/ai-orchestration/tasks', id: 'listTasks' },
        { route: 'GET /api/v1/ai-orchestration/tasks/{id}', id: 'getTask' },
        { route: 'GET /api/v1/orchestration/runs/{id}', id: 'getWorkflowRun' },
        { route: 'GET /api/v1/scheduler/runs/{id}', id: 'getSchedulerRun' },
      ]),
    );
  });

  it('declares every tag it uses, each with a description, in the tour order', () => {
    const used = new Set(operationsOf(doc).flatMap((op) => (op.operation as { tags?: string[] }).tags ?? []));
    expect(doc.tags?.map((tag) => tag.name)).toEqual(API_TAGS.map((tag) => tag.name));
    expect([...used].filter((tag) => !API_TAGS.some((declared) => declared.name === tag))).toEqual([]);
    for (const tag of doc.tags ?? []) expect(tag.description).toEqual(expect.any(String));
  });
});
