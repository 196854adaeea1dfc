import { VENUES } from './venue-catalog';
import type { RegularHours, VenueId } from './venue.types';

/** What a client (or another library) sees of a venue: identity, time zone, regular hours, sources. */
export interface VenueDescription {
  id: VenueId;
  name: string;
  mic: string | null;
  timeZone: string;
  continuous: boolean;
  regularHours: RegularHours;
  description: string;
  sources: string[];
}

/** A venue's published description; pure, for listings such as Handit's asset-class trading hours. */
export function describeVenue(id: VenueId): VenueDescription {
  const { name, mic, timeZone, continuous, regularHours, description, sources } = VENUES[id];
  return { id, name, mic, timeZone, continuous, regularHours, description, sources };
}
