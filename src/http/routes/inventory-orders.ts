import { Hono } from 'hono';
import { z } from 'zod';
import { identityTypes, normalizeIdentity, type IdentityType, type LoyaltyRule } from '../../cdp/index.js';
import type { Config } from '../../config/index.js';
import { AppError } from '../../errors.js';
import {
  changeOrderStatus, getOrder, orderLimits, placeOrder, type ChangeOrderStatusResult, type OrderView,
} from '../../inventory/index.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';

export const orderRoutes = new Hono<AppEnv>();

/** Writes (orders and their status) are for the shop's systems and the owner, not for agents. */
const canWrite = requireAuth(['integration']);


/** A customer identifier must normalise (a valid phone number, e-mail …); a blocked one is still valid input. */
function identifierIssue(type: IdentityType, value: string): string | null {
  const result = normalizeIdentity(type, value);
  return result.ok ? null : `not a valid ${type}: ${result.reason}`;
}

const customerSchema = z.object({
  phone: z.string().min(1).max(40).optional(),
  email: z.string().min(1).max(200).optional(),
  identifiers: z.array(z.object({ type: z.enum(identityTypes), value: z.string().min(1).max(200) })).max(10).optional(),
}).superRefine((customer, ctx) => {
  const checks: Array<[IdentityType, string | undefined, PropertyKey[]]> = [
    ['phone', customer.phone, ['phone']],
    ['email', customer.email, ['email']],
    ...(customer.identifiers ?? []).map((item, index): [IdentityType, string, PropertyKey[]] => [item.type, item.value, ['identifiers', index, 'value']]),
  ];
  for (const [type, value, path] of checks) {
    const issue = value === undefined ? null : identifierIssue(type, value);
    if (issue) ctx.addIssue({ code: 'custom', message: issue, path });
  }
}).optional();

const earliestPlacedAt = Date.UTC(2000, 0, 1);

/** placed_at from year 2000 to one day ahead (clock skew of a till), never far in the future or past. */
const placedAtSchema = z.iso.datetime({ offset: true }).refine((value) => {
  const at = Date.parse(value);
  return Number.isFinite(at) && at >= earliestPlacedAt && at <= Date.now() + 24 * 60 * 60_000;
}, 'must be between 2000-01-01 and one day from now');

const fulfillmentSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('delivery'), city: z.string().min(1).max(100).optional() }),
  z.object({ type: z.literal('bopis'), location: z.string().min(1) }),
  z.object({ type: z.literal('pos'), location: z.string().min(1) }),
]);

const createOrderBody = z.object({
  channel: z.string().min(1),
  external_id: z.string().min(1).max(200),
  customer: customerSchema,
  lines: z.array(z.object({
    sku: z.string().min(1),
    quantity: z.number().int().positive().max(orderLimits.maxLineQuantity),
    unit_price: z.number().int().nonnegative().max(orderLimits.maxUnitPrice).optional(),
  })).min(1).max(200).refine(
    (lines) => lines.reduce((sum, line) => sum + line.quantity * (line.unit_price ?? 0), 0) <= orderLimits.maxOrderTotal,
    `the order total must not exceed ${orderLimits.maxOrderTotal}`,
  ),
  fulfillment: fulfillmentSchema,
  paid: z.boolean().optional(),
  placed_at: placedAtSchema.optional(),
});

const statusBody = z.discriminatedUnion('status', [
  z.object({ status: z.literal('paid') }),
  z.object({ status: z.literal('cancelled'), reason: z.string().trim().min(1, 'reason is required').max(200) }),
  z.object({ status: z.literal('ready_for_pickup') }),
  z.object({ status: z.literal('picked_up') }),
  z.object({ status: z.literal('shipped') }),
  z.object({ status: z.literal('delivered') }),
  z.object({ status: z.literal('returned'), condition: z.enum(['resellable', 'damaged']).default('resellable'), location: z.string().min(1).optional() }),
]);

/** The order as the API returns it (snake_case). */
export function orderJson(order: OrderView) {
  return {
    id: order.id,
    channel: order.channelCode,
    external_id: order.externalId,
    profile_id: order.profileId,
    status: order.status,
    fulfillment_type: order.fulfillmentType,
    location: order.locationCode,
    pickup_code: order.pickupCode,
    shipping_city: order.shippingCity,
    cancel_reason: order.cancelReason,
    total_amount: order.totalAmount,
    placed_at: order.placedAt.toISOString(),
    paid_at: order.paidAt?.toISOString() ?? null,
    ready_at: order.readyAt?.toISOString() ?? null,
    picked_up_at: order.pickedUpAt?.toISOString() ?? null,
    shipped_at: order.shippedAt?.toISOString() ?? null,
    cancelled_at: order.cancelledAt?.toISOString() ?? null,
    returned_at: order.returnedAt?.toISOString() ?? null,
    reservation_expires_at: order.reservationExpiresAt?.toISOString() ?? null,
    lines: order.lines.map((line) => ({
      line_no: line.lineNo,
      sku: line.sku,
      quantity: line.quantity,
      unit_price: line.unitPrice,
      allocations: line.allocations.map((allocation) => ({
        location: allocation.locationCode,
        sku: allocation.sku,
        quantity: allocation.quantity,
        status: allocation.status,
        reason: allocation.reason,
        shortage: allocation.shortage,
      })),
    })),
  };
}

function customerClaims(customer: z.infer<typeof customerSchema>) {
  const claims: Array<{ type: (typeof identityTypes)[number]; value: string }> = [];
  if (customer?.phone) claims.push({ type: 'phone', value: customer.phone });
  if (customer?.email) claims.push({ type: 'email', value: customer.email });
  claims.push(...(customer?.identifiers ?? []));
  return claims;
}

function loyaltyRuleOf(config: Config): LoyaltyRule {
  return { rupiahPerPoint: config.SATU_LOYALTY_RUPIAH_PER_POINT };
}

orderRoutes.post('/orders', canWrite, async (c) => {
  const body = await readJson(c, createOrderBody);
  const runtime = c.get('runtime');
  const fulfillment = body.fulfillment.type === 'delivery'
    ? { type: 'delivery' as const, city: body.fulfillment.city ?? null }
    : { type: body.fulfillment.type, locationCode: body.fulfillment.location };
  const result = await placeOrder(runtime.db, {
    channelCode: body.channel,
    externalId: body.external_id,
    customerClaims: customerClaims(body.customer),
    lines: body.lines.map((line) => ({ sku: line.sku, quantity: line.quantity, ...(line.unit_price !== undefined ? { unitPrice: line.unit_price } : {}) })),
    fulfillment,
    ...(body.paid !== undefined ? { paid: body.paid } : {}),
    ...(body.placed_at ? { placedAt: new Date(body.placed_at) } : {}),
    loyaltyRule: loyaltyRuleOf(runtime.config),
    actor: `token:${c.get('principal').tokenId}`,
  });
  switch (result.kind) {
    case 'created':
      c.get('logger').info({ orderId: result.order.id, channel: body.channel, status: result.order.status }, 'order created');
      return c.json(orderJson(result.order), 201);
    case 'existing':
      return c.json(orderJson(result.order), 200);
    case 'idempotency_conflict':
      throw new AppError('conflict', `Order ${body.external_id} of channel "${body.channel}" already exists with other lines; use a new external_id for a new order.`, { field: 'external_id', order_id: result.order.id });
    case 'pos_needs_pos_channel':
      throw new AppError('unprocessable', `A POS sale needs a POS channel; "${body.channel}" is a ${result.channelKind} channel.`, { field: 'fulfillment.type' });
    case 'insufficient_stock': {
      const skus = result.items.map((item) => `${item.sku} (requested ${item.requested}, available ${item.available})`).join(', ');
      throw new AppError('insufficient_stock', `Not enough stock for ${skus}. Nothing was reserved.`, { items: result.items });
    }
    case 'unknown_channel':
      throw new AppError('not_found', `Unknown channel "${body.channel}".`, { field: 'channel' });
    case 'unknown_skus':
      throw new AppError('unprocessable', `Unknown SKU: ${result.skus.join(', ')}.`, { field: 'lines', skus: result.skus });
    case 'invalid_location':
      throw new AppError('unprocessable', `Location "${result.locationCode}": ${result.reason}.`, { field: 'fulfillment.location' });
  }
});

orderRoutes.get('/orders', async (c) => {
  const query = readQuery(c, z.object({ channel: z.string().min(1), external_id: z.string().min(1) }));
  const order = await getOrder(c.get('runtime').db, { channelCode: query.channel, externalId: query.external_id });
  if (!order) throw new AppError('not_found', `No order ${query.external_id} from channel "${query.channel}".`);
  return c.json(orderJson(order));
});

orderRoutes.get('/orders/:id', async (c) => {
  const order = await getOrder(c.get('runtime').db, { orderId: c.req.param('id') });
  if (!order) throw new AppError('not_found', `Order "${c.req.param('id')}" not found.`);
  return c.json(orderJson(order));
});

function statusResponse(result: ChangeOrderStatusResult, orderId: string): { order: OrderView; status: 200 } {
  switch (result.kind) {
    case 'changed':
    case 'unchanged':
      return { order: result.order, status: 200 };
    case 'not_found':
      throw new AppError('not_found', `Order "${orderId}" not found.`);
    case 'invalid_transition':
      throw new AppError('conflict', `Order ${orderId} is ${result.from} (${result.order.fulfillmentType}); it cannot become ${result.to}.`, { current_status: result.from });
    case 'insufficient_stock':
      throw new AppError('insufficient_stock', `Stock to complete the order is short for ${result.skus.join(', ')}.`, { items: result.skus.map((sku) => ({ sku })) });
    case 'unknown_location':
      throw new AppError('unprocessable', `Unknown location code "${result.locationCode}".`, { field: 'location' });
  }
}

orderRoutes.post('/orders/:id/status', canWrite, async (c) => {
  const body = await readJson(c, statusBody);
  const orderId = c.req.param('id');
  const change = body.status === 'cancelled' ? { status: body.status, reason: body.reason }
    : body.status === 'returned' ? { status: body.status, condition: body.condition, ...(body.location ? { locationCode: body.location } : {}) }
      : { status: body.status };
  const { db, config } = c.get('runtime');
  const result = await changeOrderStatus(db, { orderId, change, loyaltyRule: loyaltyRuleOf(config), actor: `token:${c.get('principal').tokenId}` });
  const { order, status } = statusResponse(result, orderId);
  if (result.kind === 'changed') c.get('logger').info({ orderId, status: order.status }, 'order status changed');
  return c.json(orderJson(order), status);
});
