import request from 'supertest';
import { createTestAppForSuite, TestApp } from './support/create-test-app';
import { HOURLY_PRICING_SCHEDULE, TASKS, waitForTask, waitUntil } from './support/tasks';

describe('tasks submitted by the scheduler (job handit.submit-task)', () => {
  let t: TestApp;

  createTestAppForSuite((app) => (t = app));

  it('is listed as a job, and a triggered schedule creates a background task that runs', async () => {
    const jobs = await request(t.http).get('/api/v1/scheduler/jobs').expect(200);
    expect(JSON.stringify(jobs.body.data)).toContain('handit.submit-task');
    const schedule = await request(t.http)
      .post('/api/v1/scheduler/schedules')
      .send(HOURLY_PRICING_SCHEDULE)
      .expect(201);
    await request(t.http)
      .post(`/api/v1/scheduler/schedules/${schedule.body.data.id}/trigger`)
      .expect((res) => expect([200, 201, 202]).toContain(res.status));
    let taskId = '';
    await waitUntil(
      async () => {
        const items = (await request(t.http).get(TASKS)).body.data.items as Array<{ id: string; priority: string }>;
        taskId = items[0]?.id ?? '';
        return items.length === 1;
      },
      10_000,
      'the scheduled task',
    );
    const task = await waitForTask(t.http, taskId);
    expect(task).toMatchObject({ status: 'succeeded', priority: 'background', type: 'options_pricing' });
    expect(task.result.call.price).toBeCloseTo(4.76, 2);
  });

  it('refuses a schedule whose task input fails the job schema, naming the field', async () => {
    const res = await request(t.http)
      .post('/api/v1/scheduler/schedules')
      .send({ job: 'handit.submit-task', everyMs: 60_000, input: { type: 'astrology', input: {} } })
      .expect(400);
    expect(JSON.stringify(res.body.error.details)).toContain('input.type');
  });
});
