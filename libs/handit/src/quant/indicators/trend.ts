import { Series, nulls } from './series';

export interface DirectionalMovement {
  adx: Series;
  plusDI: Series;
  minusDI: Series;
}

/**
 * Wilder's directional movement system (as in "New Concepts in Technical Trading Systems", 1978,
 * and TA-Lib):
 * - for each bar t ≥ 1: up = highₜ − highₜ₋₁, down = lowₜ₋₁ − lowₜ;
 *   +DM = up if up > down and up > 0 else 0; −DM = down if down > up and down > 0 else 0;
 *   TR = true range;
 * - Wilder sums: the first is the plain sum of bars 1…period, then Sₜ = Sₜ₋₁ − Sₜ₋₁/period + xₜ;
 * - +DI = 100·S(+DM)/S(TR), −DI = 100·S(−DM)/S(TR) (defined from index `period`);
 * - DX = 100·|+DI − −DI| / (+DI + −DI) (0 when both are 0);
 * - ADX: the first value, at index 2·period − 1, is the mean of the first `period` DX values,
 *   then ADXₜ = (ADXₜ₋₁·(period − 1) + DXₜ) / period.
 */
export function directionalMovement(
  high: readonly number[],
  low: readonly number[],
  close: readonly number[],
  period: number,
): DirectionalMovement {
  const n = high.length;
  const adx = nulls(n);
  const plusDI = nulls(n);
  const minusDI = nulls(n);
  if (period < 1 || n <= period) return { adx, plusDI, minusDI };
  let sTr = 0;
  let sPdm = 0;
  let sMdm = 0;
  let dxSum = 0;
  let adxValue = 0;
  for (let i = 1; i < n; i++) {
    const up = high[i] - high[i - 1];
    const down = low[i - 1] - low[i];
    const pdm = up > down && up > 0 ? up : 0;
    const mdm = down > up && down > 0 ? down : 0;
    const pc = close[i - 1];
    const tr = Math.max(high[i] - low[i], Math.abs(high[i] - pc), Math.abs(low[i] - pc));
    if (i <= period) {
      sTr += tr;
      sPdm += pdm;
      sMdm += mdm;
      if (i < period) continue;
    } else {
      sTr = sTr - sTr / period + tr;
      sPdm = sPdm - sPdm / period + pdm;
      sMdm = sMdm - sMdm / period + mdm;
    }
    const pdi = sTr === 0 ? 0 : (100 * sPdm) / sTr;
    const mdi = sTr === 0 ? 0 : (100 * sMdm) / sTr;
    plusDI[i] = pdi;
    minusDI[i] = mdi;
    const dx = pdi + mdi === 0 ? 0 : (100 * Math.abs(pdi - mdi)) / (pdi + mdi);
    if (i < 2 * period - 1) {
      dxSum += dx;
    } else if (i === 2 * period - 1) {
      dxSum += dx;
      adxValue = dxSum / period;
      adx[i] = adxValue;
    } else {
      adxValue = (adxValue * (period - 1) + dx) / period;
      adx[i] = adxValue;
    }
  }
  return { adx, plusDI, minusDI };
}

/** ADX(period), Wilder: see {@link directionalMovement}. Null for the first 2·period − 1 values. */
export function adx(high: readonly number[], low: readonly number[], close: readonly number[], period: number): Series {
  return directionalMovement(high, low, close, period).adx;
}
