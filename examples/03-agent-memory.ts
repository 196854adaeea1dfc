// Agent memory: write memories, search them, and assemble a context within a token budget.
import { exampleClient, run } from './support/example';

run(async () => {
  const client = exampleClient();
  const agentId = `example-analyst-${Date.now()}`;
  const facts = [
    {
      type: 'semantic' as const,
      content: 'The desk trades S&P 500 futures during the US session only.',
      importance: 0.9,
    },
    { type: 'procedural' as const, content: 'Never add to a position when RSI(14) is above 70.', importance: 0.8 },
    {
      type: 'episodic' as const,
      content: 'On 2020-03-16 the S&P 500 fell 12 % and the desk halved its risk.',
      importance: 0.7,
    },
  ];
  for (const fact of facts) await client.memory.write(agentId, { ...fact, tags: ['spx'] });
  const hits = await client.memory.search(agentId, { q: 'RSI position rule', limit: 2 });
  const context = await client.memory.context(agentId, { q: 'S&P 500 risk', budgetTokens: 200 });
  const found = (hits as { items?: { content?: string }[] }).items ?? (hits as { content?: string }[]);
  if (!Array.isArray(found) || found.length === 0) throw new Error('search found nothing');
  console.log(`wrote ${facts.length} memories for ${agentId}`);
  console.log(`search "RSI position rule" → ${JSON.stringify(found[0])}`);
  console.log(`context within 200 tokens: ${JSON.stringify(context).slice(0, 400)}`);
});
