import { newId, type Executor } from '../db/index.js';
import { orderLines, orders } from '../db/schema.js';
import { insertInBatches } from './batch-insert.js';
import type { PlannedOrder } from './orders.js';
import type { CatalogIds } from './write-catalog.js';
import { presenceKey } from './write-customers.js';

/** Writes the planned orders and their lines. Walk-in POS sales and rejected claims get no profile. */
export async function writeOrders(
  tx: Executor, planned: PlannedOrder[], ids: CatalogIds, profileByPresence: Map<string, string>,
): Promise<void> {
  const orderRows: Array<typeof orders.$inferInsert> = [];
  const lineRows: Array<typeof orderLines.$inferInsert> = [];
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
      lineRows.push({
        id: newId('oln'),
        orderId: id,
        lineNo: index + 1,
        variantId: ids.variantBySku.get(line.sku)!,
        locationId: ids.locationByCode.get(line.locationCode)!,
        quantity: line.quantity,
        unitPrice: line.unitPrice,
      });
    });
  }
  await insertInBatches(tx, orders, orderRows);
  await insertInBatches(tx, orderLines, lineRows);
}
