import {
  ASSET_CLASSES,
  ASSET_CLASS_PROFILES,
  assetClassProfile,
  isAssetClass,
  periodsPerYear,
  roundToTick,
} from './asset-classes';

describe('asset class profiles', () => {
  it('annualise with 252 trading days, 365 for crypto and 260 for forex', () => {
    expect(Object.fromEntries(ASSET_CLASSES.map((a) => [a, periodsPerYear(a)]))).toEqual({
      forex: 260,
      crypto: 365,
      equities: 252,
      commodities: 252,
      indices: 252,
      etfs: 252,
      futures: 252,
      bonds: 252,
      options: 252,
    });
  });

  it('forex quotes in pips, bonds in 32nds', () => {
    expect(assetClassProfile('forex')).toMatchObject({ tickSize: 0.0001, tickName: 'pip', maxLeverage: 30 });
    expect(assetClassProfile('bonds').tickSize).toBe(1 / 32);
  });

  it('every profile carries default indicator periods', () => {
    for (const a of ASSET_CLASSES) {
      const d = ASSET_CLASS_PROFILES[a].defaultPeriods;
      expect(d.macd.fast).toBeLessThan(d.macd.slow);
      expect(d.trendFast).toBeLessThan(d.trendSlow);
      expect(d.rsi).toBeGreaterThan(1);
    }
  });

  it('isAssetClass and assetClassProfile reject unknown names', () => {
    expect(isAssetClass('crypto')).toBe(true);
    expect(isAssetClass('stocks')).toBe(false);
    expect(() => assetClassProfile('stocks' as never)).toThrow(RangeError);
  });

  it('roundToTick rounds to the nearest tick without float noise', () => {
    expect(roundToTick(1.234567, 0.0001)).toBe(1.2346);
    expect(roundToTick(100.126, 0.01)).toBe(100.13);
    expect(roundToTick(4321.1, 0.25)).toBe(4321);
    expect(roundToTick(99 + 5 / 64, 1 / 32)).toBeCloseTo(99 + 3 / 32, 12);
    expect(roundToTick(0.1 + 0.2, 0.1)).toBe(0.3);
    expect(roundToTick(5, 0)).toBe(5);
  });
});
