import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';

/*
 * Every stock change here is one conditional UPDATE: the condition that keeps an invariant and the write
 * are a single statement, so two transactions can never both pass the check on the same units. No code
 * path reads a level, decides in application code, and writes it back.
 */

export interface StockCell {
  variantId: string;
  locationId: string;
}

/** Reserves exactly `quantity` units if on_hand − reserved − safety covers them; false otherwise. */
export async function reserveExact(tx: Executor, cell: StockCell, quantity: number): Promise<boolean> {
  const rows = await queryRows(tx, sql`
    update stock_levels set reserved = reserved + ${quantity}, updated_at = now()
    where variant_id = ${cell.variantId} and location_id = ${cell.locationId}
      and on_hand - reserved - safety_stock >= ${quantity}
    returning reserved`);
  return rows.length > 0;
}

/**
 * Reserves as many of `quantity` units as the location can give (possibly 0) and returns how many. The
 * row lock taken by the inner select makes the amount and the write one atomic step.
 */
export async function reserveUpTo(tx: Executor, cell: StockCell, quantity: number): Promise<number> {
  const rows = await queryRows<{ taken: number }>(tx, sql`
    update stock_levels s set reserved = s.reserved + t.taken, updated_at = now()
    from (
      select variant_id, location_id, least(${quantity}::int, on_hand - reserved - safety_stock) as taken
      from stock_levels where variant_id = ${cell.variantId} and location_id = ${cell.locationId}
      for update
    ) t
    where s.variant_id = t.variant_id and s.location_id = t.location_id and t.taken > 0
      and s.on_hand - s.reserved - s.safety_stock >= t.taken
    returning t.taken`);
  return rows[0] ? Number(rows[0].taken) : 0;
}

/** Gives back `quantity` reserved units; false when fewer are reserved (the caller's bookkeeping is wrong). */
export async function releaseReserved(tx: Executor, cell: StockCell, quantity: number): Promise<boolean> {
  const rows = await queryRows(tx, sql`
    update stock_levels set reserved = reserved - ${quantity}, updated_at = now()
    where variant_id = ${cell.variantId} and location_id = ${cell.locationId} and reserved >= ${quantity}
    returning reserved`);
  return rows.length > 0;
}

/** Turns reserved units into a sale: on hand and reserved both drop; false when on hand is short. */
export async function commitReserved(tx: Executor, cell: StockCell, quantity: number): Promise<boolean> {
  const rows = await queryRows(tx, sql`
    update stock_levels set on_hand = on_hand - ${quantity}, reserved = reserved - ${quantity}, updated_at = now()
    where variant_id = ${cell.variantId} and location_id = ${cell.locationId}
      and on_hand >= ${quantity} and reserved >= ${quantity}
    returning on_hand`);
  return rows.length > 0;
}

/**
 * Takes units off the shelf for a sale that cannot be refused (the customer has the item in hand at the
 * till). Only on_hand ≥ quantity is required, so reserved may end above on_hand. That is a shortage,
 * which the caller resolves.
 */
export async function takeOnHand(tx: Executor, cell: StockCell, quantity: number): Promise<{ onHand: number; reserved: number } | null> {
  const rows = await queryRows<{ on_hand: number; reserved: number }>(tx, sql`
    update stock_levels set on_hand = on_hand - ${quantity}, updated_at = now()
    where variant_id = ${cell.variantId} and location_id = ${cell.locationId} and on_hand >= ${quantity}
    returning on_hand, reserved`);
  return rows[0] ? { onHand: Number(rows[0].on_hand), reserved: Number(rows[0].reserved) } : null;
}

/** Puts units back on hand (a return or a cancelled sale), creating the stock row when missing. */
export async function addOnHand(tx: Executor, cell: StockCell, quantity: number): Promise<void> {
  await queryRows(tx, sql`
    insert into stock_levels (variant_id, location_id, on_hand) values (${cell.variantId}, ${cell.locationId}, ${quantity})
    on conflict (variant_id, location_id) do update set on_hand = stock_levels.on_hand + ${quantity}, updated_at = now()
    returning on_hand`);
}
