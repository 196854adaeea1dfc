import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Daily S&P 500 bars from examples/data/sp500-2000.csv (real data; see its README), oldest first. */
export function sp500Candles(count: number, endOffset = 0) {
  const lines = readFileSync(join(__dirname, '../../examples/data/sp500-2000.csv'), 'utf8').trim().split('\n').slice(1);
  const end = lines.length - endOffset;
  return lines.slice(end - count, end).map((line) => {
    const [time, open, high, low, close, , volume] = line.split(',');
    return { time, open: +open, high: +high, low: +low, close: +close, volume: +volume };
  });
}
