import type { DemandEvent } from './demand.js';
import { emptyOutcome, type RunOutcome } from './outcome.js';
import { availableTo, type StockPicture } from './stock.js';

/**
 * Replays demand the way shops work without a hub: every channel lists its own copy of the stock, set
 * from the real stock at each reconciliation every `reconcileMinutes`, and sells from that copy. The
 * real stock is taken from the channel's locations when the order is fulfilled; an order that finds no
 * real stock is cancelled as an oversell. Runs in memory on a copy of `picture`.
 */
export function runPerChannelCopies(events: readonly DemandEvent[], picture: StockPicture, reconcileMinutes: number): RunOutcome {
  const outcome = emptyOutcome(`per-channel copies, reconciled every ${reconcileMinutes} min`);
  const stock: StockPicture = { ...picture, free: copyFree(picture.free) };
  // What each channel listed at the last reconciliation, and what it sold from its copy since.
  let reconciled: StockPicture = stock;
  const soldSince = new Map<string, number>();
  const intervalMs = reconcileMinutes * 60_000;
  let nextReconcile = -Infinity;

  for (const event of events) {
    if (event.at.getTime() >= nextReconcile) {
      reconciled = { ...stock, free: copyFree(stock.free) };
      soldSince.clear();
      nextReconcile = Math.floor(event.at.getTime() / intervalMs) * intervalMs + intervalMs;
    }
    const key = `${event.channelCode} ${event.variantId}`;
    const truth = availableTo(stock, event.channelCode, event.variantId);
    const listed = Math.max(availableTo(reconciled, event.channelCode, event.variantId) - (soldSince.get(key) ?? 0), 0);
    outcome.demand += 1;
    outcome.checks += 1;
    if (listed === truth) outcome.consistentChecks += 1;

    if (listed < event.quantity) {
      if (truth >= event.quantity) {
        outcome.lostSales += 1;
        outcome.lostRevenue += event.quantity * event.unitPrice;
      } else {
        outcome.outOfStock += 1;
      }
      continue;
    }
    soldSince.set(key, (soldSince.get(key) ?? 0) + event.quantity);
    if (truth < event.quantity) {
      outcome.oversold += 1;
      continue;
    }
    takeStock(stock, event);
    outcome.sold += 1;
    outcome.soldRevenue += event.quantity * event.unitPrice;
  }
  return outcome;
}

function takeStock(stock: StockPicture, event: DemandEvent): void {
  const byLocation = stock.free.get(event.variantId)!;
  let remaining = event.quantity;
  for (const location of stock.locationsByChannel.get(event.channelCode) ?? []) {
    const taken = Math.min(remaining, byLocation.get(location) ?? 0);
    byLocation.set(location, (byLocation.get(location) ?? 0) - taken);
    remaining -= taken;
    if (remaining === 0) return;
  }
}

function copyFree(free: StockPicture['free']): StockPicture['free'] {
  return new Map([...free].map(([variant, byLocation]) => [variant, new Map(byLocation)]));
}
