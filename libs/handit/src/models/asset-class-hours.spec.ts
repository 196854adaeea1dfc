import { describeVenue } from '@app/market-calendars';
import { ASSET_CLASSES } from '../quant';
import { assetClassTradingHours } from './asset-class-hours';

describe('asset class trading hours', () => {
  it('come from the market calendars: crypto 24/7, forex 24×5 from New York 17:00, equities on NYSE', () => {
    expect(assetClassTradingHours('crypto')).toMatchObject({ calendar: 'CRYPTO', continuous: true, timeZone: 'UTC' });
    expect(assetClassTradingHours('crypto').days).toHaveLength(7);
    const fx = { calendar: 'FX', open: '17:00', close: '17:00', days: [1, 2, 3, 4, 5, 7] };
    expect(assetClassTradingHours('forex')).toMatchObject(fx);
    expect(assetClassTradingHours('equities')).toMatchObject({
      calendar: 'XNYS',
      continuous: false,
      open: '09:30',
      close: '16:00',
      timeZone: 'America/New_York',
    });
    expect(assetClassTradingHours('futures')).toMatchObject({ calendar: 'CME-EQUITY', open: '17:00', close: '16:00' });
  });

  it('describe each class by its calendar, bonds by SIFMA hours until a calendar exists', () => {
    for (const a of ASSET_CLASSES) {
      const hours = assetClassTradingHours(a);
      if (hours.calendar) expect(hours.description).toContain(describeVenue(hours.calendar).description);
    }
    expect(assetClassTradingHours('bonds')).toMatchObject({ calendar: null, open: '08:00', close: '17:00' });
  });
});
