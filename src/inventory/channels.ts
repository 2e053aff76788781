import { eq } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { AppError } from '../errors.js';
import { channels } from './schema.js';

export interface ChannelRow {
  id: string;
  code: string;
  name: string;
  kind: 'marketplace' | 'website' | 'pos' | 'messaging';
  bufferStock: number;
  reservationTtlMinutes: number;
  priceRule: Record<string, unknown> | null;
}

/** Returns the channel with `code`, or null when there is none. */
export async function findChannel(db: Executor, code: string): Promise<ChannelRow | null> {
  const rows = await db.select({
    id: channels.id,
    code: channels.code,
    name: channels.name,
    kind: channels.kind,
    bufferStock: channels.bufferStock,
    reservationTtlMinutes: channels.reservationTtlMinutes,
    priceRule: channels.priceRule,
  }).from(channels).where(eq(channels.code, code)).limit(1);
  return rows[0] ?? null;
}

/** Returns the channel with `code` or throws a not_found problem naming it. */
export async function requireChannel(db: Executor, code: string): Promise<ChannelRow> {
  const channel = await findChannel(db, code);
  if (!channel) throw new AppError('not_found', `Unknown channel "${code}".`, { field: 'channel' });
  return channel;
}
