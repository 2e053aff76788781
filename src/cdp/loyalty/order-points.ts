import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../../db/index.js';

/** Rule that turns an order's total into loyalty points. */
export interface LoyaltyRule {
  /** Whole rupiah of order total per point; the points are the total divided by this, rounded down. */
  rupiahPerPoint: number;
}

/** One point per Rp10.000: the default of `SATU_LOYALTY_RUPIAH_PER_POINT`, used when a caller passes no rule. */
export const defaultLoyaltyRule: LoyaltyRule = { rupiahPerPoint: 10_000 };

/**
 * Records the points an order earns when its sale happens (paid, or a POS sale), in the caller's
 * transaction. The points go to the order's profile, so an order without a profile earns nothing, and
 * neither does a total below one point. Returns the points recorded, or 0 when nothing was recorded,
 * which includes a repeated call: the database keeps one `earned` entry per order.
 */
export async function earnOrderPoints(
  tx: Executor, input: { orderId: string; rule: LoyaltyRule; actor: string },
): Promise<number> {
  const rows = await queryRows<{ points: string | number }>(tx, sql`
    insert into loyalty_entries (id, profile_id, order_id, points, kind, actor)
    select ${newId('loy')}, o.profile_id, o.id, o.total_amount / ${input.rule.rupiahPerPoint}, 'earned', ${input.actor}
      from orders o
      join profiles p on p.id = o.profile_id
     where o.id = ${input.orderId} and o.total_amount >= ${input.rule.rupiahPerPoint}
    on conflict (order_id) where kind = 'earned' do nothing
    returning points`);
  return rows[0] ? Number(rows[0].points) : 0;
}

/**
 * Cancels the points an order earned, in the caller's transaction, when the order is cancelled or
 * returned after its sale. The reversal goes under the profile the points were earned under, so an
 * unmerge keeps the two together. It cannot be refused, so it may take a balance below zero when the
 * points were already redeemed. Returns the (negative) points recorded, or 0 when the order earned
 * nothing or was already reversed.
 */
export async function reverseOrderPoints(tx: Executor, input: { orderId: string; actor: string }): Promise<number> {
  const rows = await queryRows<{ points: string | number }>(tx, sql`
    insert into loyalty_entries (id, profile_id, order_id, points, kind, actor)
    select ${newId('loy')}, e.profile_id, e.order_id, -e.points, 'reversed', ${input.actor}
      from loyalty_entries e
     where e.order_id = ${input.orderId} and e.kind = 'earned'
    on conflict (order_id) where kind = 'reversed' do nothing
    returning points`);
  return rows[0] ? Number(rows[0].points) : 0;
}
