import { and, eq, inArray, sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../db/index.js';
import { appendLedger, emitStockChanged, inTransaction } from './ledger.js';
import { addOnHand } from './reservations.js';
import { locations, stockTransfers, variants } from './schema.js';

export interface TransferLineInput { sku: string; quantity: number }

export type SendTransferResult =
  | { kind: 'sent'; transferId: string }
  | { kind: 'unknown_location'; locationCode: string }
  | { kind: 'same_location' }
  | { kind: 'unknown_skus'; skus: string[] }
  | { kind: 'insufficient_stock'; skus: string[] };

export type ReceiveTransferResult = { kind: 'received' } | { kind: 'already_received' } | { kind: 'not_found' };

class TransferShort extends Error {
  constructor(readonly skus: string[]) { super('transfer short'); }
}

async function locationIdsByCode(db: Executor, codes: string[]): Promise<Map<string, string>> {
  const rows = await db.select({ id: locations.id, code: locations.code }).from(locations).where(inArray(locations.code, codes));
  return new Map(rows.map((row) => [row.code, row.id]));
}

/**
 * Sends stock from one location to another: on hand drops at the source now and rises at the
 * destination when the transfer is received, so units in transit are on hand nowhere. Only units not
 * reserved may leave (one conditional update per line); all lines go, or none.
 */
export async function sendTransfer(
  db: Executor,
  input: { fromCode: string; toCode: string; lines: TransferLineInput[]; actor: string },
): Promise<SendTransferResult> {
  if (input.fromCode === input.toCode) return { kind: 'same_location' };
  const ids = await locationIdsByCode(db, [input.fromCode, input.toCode]);
  for (const code of [input.fromCode, input.toCode]) if (!ids.has(code)) return { kind: 'unknown_location', locationCode: code };
  const fromId = ids.get(input.fromCode)!;
  const toId = ids.get(input.toCode)!;

  const found = await db.select({ id: variants.id, sku: variants.sku }).from(variants).where(inArray(variants.sku, input.lines.map((line) => line.sku)));
  const idBySku = new Map(found.map((row) => [row.sku, row.id]));
  const unknown = input.lines.map((line) => line.sku).filter((sku) => !idBySku.has(sku));
  if (unknown.length > 0) return { kind: 'unknown_skus', skus: unknown };

  const transferId = newId('trf');
  try {
    await inTransaction(db, async (tx) => {
      const lines = input.lines.map((line) => ({ variantId: idBySku.get(line.sku)!, quantity: line.quantity }));
      await tx.insert(stockTransfers).values({ id: transferId, fromLocationId: fromId, toLocationId: toId, status: 'sent', lines, actor: input.actor, sentAt: new Date() });
      const short: string[] = [];
      for (const [index, line] of lines.entries()) {
        const taken = await queryRows(tx, sql`
          update stock_levels set on_hand = on_hand - ${line.quantity}, updated_at = now()
          where variant_id = ${line.variantId} and location_id = ${fromId} and on_hand - reserved >= ${line.quantity}
          returning on_hand`);
        if (taken.length === 0) {
          short.push(input.lines[index]!.sku);
          continue;
        }
        await appendLedger(tx, {
          variantId: line.variantId, locationId: fromId, onHandDelta: -line.quantity, reason: `transfer sent to ${input.toCode}`,
          actor: input.actor, source: `transfer:${transferId}`, idempotencyKey: `transfer:${transferId}:send:${index}`,
        });
      }
      if (short.length > 0) throw new TransferShort(short);
      await emitStockChanged(tx, { variantIds: lines.map((line) => line.variantId), locationIds: [fromId], cause: `transfer:${transferId}` });
    });
  } catch (error) {
    if (error instanceof TransferShort) return { kind: 'insufficient_stock', skus: error.skus };
    throw error;
  }
  return { kind: 'sent', transferId };
}

/** Puts a sent transfer's units on hand at its destination; receiving twice changes nothing. */
export async function receiveTransfer(db: Executor, input: { transferId: string; actor: string }): Promise<ReceiveTransferResult> {
  return inTransaction(db, async (tx) => {
    const claimed = await tx.update(stockTransfers).set({ status: 'received', receivedAt: new Date() })
      .where(and(eq(stockTransfers.id, input.transferId), eq(stockTransfers.status, 'sent')))
      .returning();
    const transfer = claimed[0];
    if (!transfer) {
      const exists = await tx.select({ id: stockTransfers.id }).from(stockTransfers).where(eq(stockTransfers.id, input.transferId));
      return exists.length > 0 ? { kind: 'already_received' } : { kind: 'not_found' };
    }
    for (const [index, line] of transfer.lines.entries()) {
      await addOnHand(tx, { variantId: line.variantId, locationId: transfer.toLocationId }, line.quantity);
      await appendLedger(tx, {
        variantId: line.variantId, locationId: transfer.toLocationId, onHandDelta: line.quantity, reason: 'transfer received',
        actor: input.actor, source: `transfer:${transfer.id}`, idempotencyKey: `transfer:${transfer.id}:receive:${index}`,
      });
    }
    await emitStockChanged(tx, { variantIds: transfer.lines.map((line) => line.variantId), locationIds: [transfer.toLocationId], cause: `transfer:${transfer.id}` });
    return { kind: 'received' };
  });
}
