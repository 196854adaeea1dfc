// A trading-analysis workflow whose position is large enough to need approval; the script answers it.
import { exampleClient, run, sp500Candles } from './support/example';

run(async () => {
  const client = exampleClient();
  const candles = sp500Candles(120);
  const questions: string[] = [];
  const finished = await client.workflows.runAndAnswer(
    {
      workflow: 'trading-analysis',
      input: { symbol: 'SPY', assetClass: 'equities', candles, position: { side: 'buy', quantity: 100 } },
    },
    (interrupt) => {
      const value = interrupt.value as { question?: string };
      questions.push(value.question ?? JSON.stringify(interrupt.value));
      return { approved: true, comment: 'approved by the example script' };
    },
    { timeoutMs: 60_000 },
  );
  if (finished.status !== 'succeeded') throw new Error(`run ${finished.id} ended ${finished.status}`);
  if (questions.length === 0) throw new Error('the run did not ask for approval');
  const output = finished.output as { decision?: string; signal?: { action?: string; confidence?: number } };
  console.log(`run ${finished.id}: asked "${questions[0]}"`);
  console.log(`answered: approve → decision ${output.decision}, signal ${JSON.stringify(output.signal ?? null)}`);
});
