// Compile-time checks of the client's types, run by `npm run typecheck`: each @ts-expect-error
// must meet an error, so a client that stopped typing these calls fails the type check.
import type { OrchestrationClient } from '@neliti/ai-orchestration-client';

export async function typedCalls(client: OrchestrationClient): Promise<void> {
  // @ts-expect-error: no such path
  await client.get('/api/v1/no-such-route');
  // @ts-expect-error: tasks are created with POST, not PUT
  await client.put('/api/v1/ai-orchestration/tasks', { body: { type: 'technical_analysis', input: {} } });
  // @ts-expect-error: the body needs `type`
  await client.post('/api/v1/ai-orchestration/tasks', { body: { input: {} } });
  // @ts-expect-error: `type` is a closed set
  await client.tasks.create({ type: 'astrology', input: {} });
  // @ts-expect-error: the path parameter `id` is required
  await client.get('/api/v1/ai-orchestration/tasks/{id}', { params: { path: {} } });
  // @ts-expect-error: the query parameter `limit` is a number
  await client.get('/api/v1/ai-orchestration/tasks', { params: { query: { limit: 'ten' } } });
  const task = await client.get('/api/v1/ai-orchestration/tasks/{id}', { params: { path: { id: 'x' } } });
  // @ts-expect-error: a task's status is a closed set
  const status: 'pending' = task.status!;
  const calendars = await client.get('/api/v1/calendars');
  // @ts-expect-error: the data of a list of calendars is an array, not a page
  void calendars.items;
  void status;
}
