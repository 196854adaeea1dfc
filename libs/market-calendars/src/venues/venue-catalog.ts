import { XHKG, XTKS } from './asia';
import { CME_EQUITY } from './cme-equity';
import { XETR, XLON } from './europe';
import { CRYPTO, FX } from './round-the-clock';
import { XNAS, XNYS } from './us-equities';
import type { VenueDefinition, VenueId } from './venue.types';

/** Every venue this library plans sessions for, by id. */
export const VENUES: Readonly<Record<VenueId, VenueDefinition>> = {
  XNYS,
  XNAS,
  XLON,
  XETR,
  XTKS,
  XHKG,
  'CME-EQUITY': CME_EQUITY,
  FX,
  CRYPTO,
};
