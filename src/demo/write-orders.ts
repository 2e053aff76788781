import { newId, type Executor } from '../db/index.js';
import { orderLines, orders, stockAllocations } from '../db/schema.js';
import { insertInBatches } from './batch-insert.js';
import type { PlannedOrder } from './orders.js';
import type { CatalogIds } from './write-catalog.js';
import { presenceKey } from './write-customers.js';

/**
 * Writes the planned orders with their lines and, for orders that were not cancelled, the stock
 * allocations the inventory module keeps for a sale. The units left the shelf before the initial count,
 * so the allocations have no ledger rows, but a later cancellation or return restocks them as usual.
 * Walk-in POS sales and rejected claims get no profile.
 */
export async function writeOrders(
  tx: Executor, planned: PlannedOrder[], ids: CatalogIds, profileByPresence: Map<string, string>,
): Promise<void> {
  const orderRows: Array<typeof orders.$inferInsert> = [];
  const lineRows: Array<typeof orderLines.$inferInsert> = [];
  const allocationRows: Array<typeof stockAllocations.$inferInsert> = [];
  for (const order of planned) {
    const id = newId('ord');
    const profileId = order.customerIndex === null ? null : profileByPresence.get(presenceKey(order.customerIndex, order.channel)) ?? null;
    orderRows.push({
      id,
      channelId: ids.channelByCode.get(order.channel)!,
      externalId: order.externalId,
      profileId,
      status: order.status,
      fulfillmentType: order.fulfillmentType,
      locationId: order.locationCode ? ids.locationByCode.get(order.locationCode)! : null,
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
      pickupCode: order.pickupCode,
      shippingCity: order.shippingCity,
      createdAt: order.placedAt,
    });
    order.lines.forEach((line, index) => {
      const lineId = newId('oln');
      const variantId = ids.variantBySku.get(line.sku)!;
      const locationId = ids.locationByCode.get(line.locationCode)!;
      lineRows.push({ id: lineId, orderId: id, lineNo: index + 1, variantId, locationId, quantity: line.quantity, unitPrice: line.unitPrice });
      if (order.status === 'cancelled') return;
      allocationRows.push({
        id: newId('alc'),
        orderId: id,
        orderLineId: lineId,
        variantId,
        locationId,
        quantity: line.quantity,
        status: order.status === 'returned' ? 'returned' : 'committed',
        reason: 'demo: sold before the initial stock count',
        createdAt: order.paidAt ?? order.placedAt,
        updatedAt: order.returnedAt ?? order.paidAt ?? order.placedAt,
      });
    });
  }
  await insertInBatches(tx, orders, orderRows);
  await insertInBatches(tx, orderLines, lineRows);
  await insertInBatches(tx, stockAllocations, allocationRows);
}
