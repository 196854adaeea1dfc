import { VENUES } from './venue-catalog';
import type { VenueDefinition, VenueId } from './venue.types';

/** What a client (or another library) sees of a venue: identity, time zone, regular hours, sources. */
export type VenueDescription = Omit<VenueDefinition, 'plan'>;

/** A venue's published description; pure, for listings such as Handit's asset-class trading hours. */
export function describeVenue(id: VenueId): VenueDescription {
  const { name, mic, timeZone, continuous, regularHours, description, sources } = VENUES[id];
  return { id, name, mic, timeZone, continuous, regularHours, description, sources };
}
