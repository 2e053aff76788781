import { sql, type SQL } from 'drizzle-orm';

/**
 * SQL expression for the location an order belongs to: its store (POS sale or BOPIS pickup) or, for a
 * delivery, the location of its first line. Null while no location is chosen.
 */
export function orderLocationId(orderAlias: string): SQL {
  const order = sql.raw(orderAlias);
  return sql`coalesce(${order}.location_id, (select ol.location_id from order_lines ol where ol.order_id = ${order}.id order by ol.line_no limit 1))`;
}
