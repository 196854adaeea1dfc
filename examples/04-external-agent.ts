// An external agent: registers, claims its messages over SSE and acks each with a reply.
import { exampleClient, run } from './support/example';

run(async () => {
  const client = exampleClient();
  const agent = await client.agents.register({
    name: `example-news-desk-${Date.now()}`,
    kind: 'external',
    capabilities: ['news_triage'],
    maxConcurrency: 2,
  });
  const headlines = ['Fed holds rates', 'Oil jumps 5 %', 'Tech earnings beat'];
  const sent = [];
  for (const headline of headlines)
    sent.push(
      await client.post('/api/v1/agents/messages', {
        body: { to: agent.id!, type: 'news_triage', payload: { headline } },
      }),
    );
  const acked: string[] = [];
  for await (const { data: message } of client.agents.messages(agent.id!, { signal: AbortSignal.timeout(20_000) })) {
    const headline = (message.payload as { headline: string }).headline;
    await client.agents.ack(agent.id!, message.id!, {
      leaseId: message.leaseId!,
      output: { headline, urgent: headline.includes('%') },
    });
    acked.push(message.id!);
    if (acked.length === headlines.length) break;
  }
  if (acked.length !== headlines.length) throw new Error(`acked ${acked.length} of ${headlines.length} messages`);
  const first = await client.get('/api/v1/agents/messages/{messageId}', { params: { path: { messageId: acked[0] } } });
  console.log(`agent ${agent.id} claimed and acked ${acked.length} messages over SSE`);
  console.log(`message ${first.id}: status ${first.status}, reply ${JSON.stringify(first.reply)}`);
});
