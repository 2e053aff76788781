import { and, eq, sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { channels, orders, type orderStatuses } from './schema.js';

export interface OrderAllocationView {
  locationCode: string;
  sku: string;
  quantity: number;
  status: 'reserved' | 'committed' | 'released' | 'returned';
  reason: string;
  shortage: number;
}

export interface OrderLineView {
  lineNo: number;
  sku: string;
  quantity: number;
  unitPrice: number;
  allocations: OrderAllocationView[];
}

export interface OrderView {
  id: string;
  channelCode: string;
  externalId: string;
  profileId: string | null;
  status: (typeof orderStatuses)[number];
  fulfillmentType: 'delivery' | 'bopis' | 'pos';
  locationCode: string | null;
  pickupCode: string | null;
  shippingCity: string | null;
  cancelReason: string | null;
  totalAmount: number;
  placedAt: Date;
  paidAt: Date | null;
  readyAt: Date | null;
  pickedUpAt: Date | null;
  shippedAt: Date | null;
  cancelledAt: Date | null;
  returnedAt: Date | null;
  reservationExpiresAt: Date | null;
  lines: OrderLineView[];
}

/** Reads the order by id or by (channel code, external id), with its lines and allocations. Returns null when there is none. */
export async function getOrder(
  db: Executor,
  key: { orderId: string } | { channelCode: string; externalId: string },
): Promise<OrderView | null> {
  const condition = 'orderId' in key
    ? eq(orders.id, key.orderId)
    : and(eq(channels.code, key.channelCode), eq(orders.externalId, key.externalId));
  const rows = await db.select({ order: orders, channelCode: channels.code }).from(orders)
    .innerJoin(channels, eq(channels.id, orders.channelId)).where(condition).limit(1);
  const row = rows[0];
  if (!row) return null;
  const { order } = row;

  const location = order.locationId
    ? (await queryRows<{ code: string }>(db, sql`select code from locations where id = ${order.locationId}`))[0]?.code ?? null
    : null;
  const lineRows = await queryRows<{ id: string; line_no: number; sku: string; quantity: number; unit_price: number }>(db, sql`
    select ol.id, ol.line_no, v.sku, ol.quantity, ol.unit_price
    from order_lines ol join variants v on v.id = ol.variant_id where ol.order_id = ${order.id} order by ol.line_no`);
  const allocationRows = await queryRows<{
    order_line_id: string; code: string; sku: string; quantity: number; status: OrderAllocationView['status']; reason: string; shortage: number;
  }>(db, sql`
    select a.order_line_id, l.code, v.sku, a.quantity, a.status, a.reason, a.shortage
    from stock_allocations a join locations l on l.id = a.location_id join variants v on v.id = a.variant_id
    where a.order_id = ${order.id} order by a.created_at, a.id`);

  return {
    id: order.id,
    channelCode: row.channelCode,
    externalId: order.externalId,
    profileId: order.profileId,
    status: order.status,
    fulfillmentType: order.fulfillmentType,
    locationCode: location,
    pickupCode: order.pickupCode,
    shippingCity: order.shippingCity,
    cancelReason: order.cancelReason,
    totalAmount: order.totalAmount,
    placedAt: order.placedAt,
    paidAt: order.paidAt,
    readyAt: order.readyAt,
    pickedUpAt: order.pickedUpAt,
    shippedAt: order.shippedAt,
    cancelledAt: order.cancelledAt,
    returnedAt: order.returnedAt,
    reservationExpiresAt: order.reservationExpiresAt,
    lines: lineRows.map((line) => ({
      lineNo: Number(line.line_no),
      sku: line.sku,
      quantity: Number(line.quantity),
      unitPrice: Number(line.unit_price),
      allocations: allocationRows.filter((allocation) => allocation.order_line_id === line.id).map((allocation) => ({
        locationCode: allocation.code,
        sku: allocation.sku,
        quantity: Number(allocation.quantity),
        status: allocation.status,
        reason: allocation.reason,
        shortage: Number(allocation.shortage),
      })),
    })),
  };
}
