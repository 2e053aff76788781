import type { Executor } from '../db/index.js';
import { channelListingSnapshots } from './schema.js';

export interface ListingSnapshotInput {
  channelId: string;
  variantId: string;
  source: 'sent' | 'reported';
  listedPrice?: number | null;
  expectedPrice?: number | null;
  publishedStock?: number | null;
  hubAvailable?: number | null;
  recordedAt?: Date;
}

/**
 * Records what a channel listing was sent or reported, beside the hub's price book price and
 * available-to-sell at that moment. Channel sync code calls it after each push or read-back.
 */
export async function recordListingSnapshot(db: Executor, input: ListingSnapshotInput): Promise<void> {
  await db.insert(channelListingSnapshots).values({
    channelId: input.channelId,
    variantId: input.variantId,
    source: input.source,
    listedPrice: input.listedPrice ?? null,
    expectedPrice: input.expectedPrice ?? null,
    publishedStock: input.publishedStock ?? null,
    hubAvailable: input.hubAvailable ?? null,
    ...(input.recordedAt ? { recordedAt: input.recordedAt } : {}),
  });
}
