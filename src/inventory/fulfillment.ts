import { randomInt } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { coordinatesOfCity, distanceKm, normalizeCity } from './cities.js';

export interface CandidateLocation {
  id: string;
  code: string;
  kind: 'warehouse' | 'store';
  city: string;
  latitude: number | null;
  longitude: number | null;
  /** on_hand − reserved − safety of the variant here when the candidates were read, never below 0. */
  sellable: number;
}

export interface RankedLocation extends CandidateLocation {
  /** Reason for the location's rank, recorded on the allocation. */
  reason: string;
}

/** Loads the channel's locations with the variant's sellable units at each (0 where there is no stock row). */
export async function loadCandidateLocations(db: Executor, input: { channelId: string; variantId: string }): Promise<CandidateLocation[]> {
  const rows = await queryRows<{
    id: string; code: string; kind: 'warehouse' | 'store'; city: string; latitude: number | null; longitude: number | null; sellable: number;
  }>(db, sql`
    select l.id, l.code, l.kind, l.city, l.latitude, l.longitude,
           coalesce(greatest(sl.on_hand - sl.reserved - sl.safety_stock, 0), 0)::int as sellable
    from channel_locations cl
    join locations l on l.id = cl.location_id
    left join stock_levels sl on sl.location_id = l.id and sl.variant_id = ${input.variantId}
    where cl.channel_id = ${input.channelId}
    order by l.code`);
  return rows.map((row) => ({ ...row, sellable: Number(row.sellable) }));
}

function distanceTo(location: CandidateLocation, city: string | null): number | null {
  if (!city) return null;
  if (normalizeCity(location.city) === normalizeCity(city)) return 0;
  const destination = coordinatesOfCity(city);
  const origin = location.latitude !== null && location.longitude !== null
    ? [location.latitude, location.longitude] as [number, number]
    : coordinatesOfCity(location.city);
  return destination && origin ? distanceKm(origin, destination) : null;
}

/**
 * Orders the locations for a ship-from-store delivery: those whose stock covers the whole quantity
 * first, then the nearest to the customer's city, then warehouses before stores. A location with
 * nothing sellable is left out. Stock read here only ranks; the reservation itself is conditional.
 */
export function rankLocationsForDelivery(candidates: CandidateLocation[], input: { quantity: number; city: string | null }): RankedLocation[] {
  const scored = candidates.filter((candidate) => candidate.sellable > 0).map((candidate) => ({
    candidate,
    covers: candidate.sellable >= input.quantity,
    distance: distanceTo(candidate, input.city),
  }));
  scored.sort((a, b) =>
    Number(b.covers) - Number(a.covers)
    || (a.distance ?? Number.POSITIVE_INFINITY) - (b.distance ?? Number.POSITIVE_INFINITY)
    || Number(b.candidate.kind === 'warehouse') - Number(a.candidate.kind === 'warehouse')
    || a.candidate.code.localeCompare(b.candidate.code));
  return scored.map(({ candidate, covers, distance }) => {
    const stock = covers ? `has all ${input.quantity}` : `has ${candidate.sellable} of ${input.quantity}`;
    const place = distance === null
      ? (input.city ? `distance to ${input.city} unknown` : 'no delivery city')
      : `${Math.round(distance)} km from ${input.city}`;
    return { ...candidate, reason: `ship-from-store: ${candidate.code} ${stock}, ${place}, ${candidate.kind}` };
  });
}

/** Generates the six-digit code the customer shows at the store to collect a BOPIS order. */
export function generatePickupCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}
