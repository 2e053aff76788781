import { eq } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { messagingSessions } from './schema.js';

export type SessionState = (typeof messagingSessions.$inferSelect)['state'];

/** Records what a linked-phone session is doing; the QR is kept only while it waits to be scanned. */
export async function recordSessionState(db: Executor, channel: string, state: SessionState, options: { qr?: string; detail?: string } = {}): Promise<void> {
  const values = { channel, state, qr: state === 'qr' ? options.qr ?? null : null, detail: options.detail ?? null, updatedAt: new Date() };
  await db.insert(messagingSessions).values(values).onConflictDoUpdate({ target: messagingSessions.channel, set: values });
}

export async function getSessionState(db: Executor, channel: string) {
  const [row] = await db.select().from(messagingSessions).where(eq(messagingSessions.channel, channel));
  return row;
}
