import { describeVenue, type VenueId } from '@app/market-calendars';
import type { AssetClass } from '../quant';

/** The calendar whose sessions an asset class trades in; null where no calendar models the market yet. */
export const ASSET_CLASS_CALENDARS: Readonly<Record<AssetClass, VenueId | null>> = {
  forex: 'FX',
  crypto: 'CRYPTO',
  equities: 'XNYS',
  commodities: 'CME-EQUITY',
  indices: 'XNYS',
  etfs: 'XNYS',
  futures: 'CME-EQUITY',
  bonds: null,
  options: 'XNYS',
};

/** An asset class's regular trading hours as listed in /capabilities and in each model's parameters. */
export interface TradingHours {
  /** The market calendar these hours come from (sessions, holidays and status under /api/v1/calendars). */
  calendar: VenueId | null;
  /** True for markets that never close (crypto). */
  continuous: boolean;
  /** Days of the week the market trades, ISO numbering 1 = Monday … 7 = Sunday. */
  days: number[];
  /** Time zone of the session times (IANA). */
  timeZone: string;
  /** Regular session open / close, local time `HH:MM`; `00:00`–`24:00` for round-the-clock days. */
  open: string;
  close: string;
  description: string;
}

// The US Treasury cash market has no calendar here yet: SIFMA's recommended hours, as before.
const BONDS: TradingHours = {
  calendar: null,
  continuous: false,
  days: [1, 2, 3, 4, 5],
  timeZone: 'America/New_York',
  open: '08:00',
  close: '17:00',
  description: 'US Treasury cash market, Monday–Friday 08:00–17:00 New York time (SIFMA recommended hours)',
};

/** The trading hours of an asset class, taken from its market calendar. */
export function assetClassTradingHours(assetClass: AssetClass): TradingHours {
  const calendar = ASSET_CLASS_CALENDARS[assetClass];
  if (!calendar) return BONDS;
  const venue = describeVenue(calendar);
  return {
    calendar,
    continuous: venue.continuous,
    days: venue.regularHours.weekdays,
    timeZone: venue.timeZone,
    open: venue.regularHours.open,
    close: venue.regularHours.close,
    description: `${venue.name}: ${venue.description}`,
  };
}
