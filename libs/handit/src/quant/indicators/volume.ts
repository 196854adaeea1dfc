import { Series, nulls } from './series';

/**
 * On-balance volume (Granville): 0 on the first candle, then + volume when the close rises,
 * − volume when it falls, unchanged when it is equal. Defined on every candle.
 */
export function obv(close: readonly number[], volume: readonly number[]): Series {
  const n = close.length;
  const out = nulls(n);
  if (n === 0) return out;
  let v = 0;
  out[0] = 0;
  for (let i = 1; i < n; i++) {
    if (close[i] > close[i - 1]) v += volume[i];
    else if (close[i] < close[i - 1]) v -= volume[i];
    out[i] = v;
  }
  return out;
}

/**
 * Money Flow Index (Quong & Soudack; TA-Lib): typical price TP = (high + low + close)/3, raw money
 * flow = TP·volume; a bar's flow is positive when TPₜ > TPₜ₋₁, negative when TPₜ < TPₜ₋₁, neither
 * when equal. MFI = 100·Σpositive / (Σpositive + Σnegative) over the last `period` bars
 * (100 when there is no negative flow, 50 when there is no flow at all).
 * Null for the first `period` values (the first bar has no previous TP).
 */
export function mfi(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  volume: readonly number[],
  period: number,
): Series {
  const n = close.length;
  const out = nulls(n);
  if (period < 1 || n <= period) return out;
  const pos = new Array<number>(n).fill(0);
  const neg = new Array<number>(n).fill(0);
  let prevTp = (high[0] + low[0] + close[0]) / 3;
  for (let i = 1; i < n; i++) {
    const tp = (high[i] + low[i] + close[i]) / 3;
    if (tp > prevTp) pos[i] = tp * volume[i];
    else if (tp < prevTp) neg[i] = tp * volume[i];
    prevTp = tp;
  }
  let sp = 0;
  let sn = 0;
  for (let i = 1; i <= period; i++) {
    sp += pos[i];
    sn += neg[i];
  }
  out[period] = mfiValue(sp, sn);
  for (let i = period + 1, k = 1; i < n; i++, k++) {
    if (k % period === 0) {
      sp = 0;
      sn = 0;
      for (let j = i - period + 1; j <= i; j++) {
        sp += pos[j];
        sn += neg[j];
      }
    } else {
      sp += pos[i] - pos[i - period];
      sn += neg[i] - neg[i - period];
    }
    out[i] = mfiValue(sp, sn);
  }
  return out;
}

function mfiValue(sp: number, sn: number): number {
  if (sn <= 0) return sp <= 0 ? 50 : 100;
  return (100 * sp) / (sp + sn);
}
