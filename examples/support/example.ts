import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient, type OrchestrationClient } from '@neliti/ai-orchestration-client';

/** The client every example uses: the service's URL and API key come from the environment. */
export function exampleClient(): OrchestrationClient {
  const baseUrl = process.env.AIO_BASE_URL ?? 'http://127.0.0.1:3000';
  const apiKey = process.env.AIO_API_KEY;
  if (!apiKey) throw new Error('set AIO_API_KEY (and AIO_BASE_URL) to the service the example should use');
  return createClient({ baseUrl, apiKey });
}

export interface Candle {
  time: string;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** The last `count` daily S&P 500 bars of examples/data/sp500-2000.csv (real data: see its README). */
export function sp500Candles(count: number): Candle[] {
  const lines = readFileSync(join(__dirname, '../data/sp500-2000.csv'), 'utf8').trim().split('\n').slice(1);
  return lines.slice(-count).map((line) => {
    const [time, open, high, low, close, , volume] = line.split(',');
    return { time, open: +open, high: +high, low: +low, close: +close, volume: +volume };
  });
}

/** Runs an example's main, printing its error and exiting non-zero on failure. */
export function run(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
