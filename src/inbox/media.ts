import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/index.js';
import { newId } from '../db/index.js';
import { messageMedia } from './schema.js';

/** Largest media file kept in the database; WhatsApp allows documents up to 100 MB, which stay at Meta. */
export const maxStoredMediaBytes = 16 * 1024 * 1024;

/** Keeps a downloaded media file once per (message, source). */
export async function storeMessageMedia(
  db: Executor,
  input: { messageId: string; sourceId: string; mimeType: string; content: Buffer },
): Promise<{ id: string; sha256: string }> {
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const [row] = await db.insert(messageMedia)
    .values({ id: newId('med'), messageId: input.messageId, sourceId: input.sourceId, mimeType: input.mimeType, sha256, sizeBytes: input.content.length, content: input.content })
    .onConflictDoNothing({ target: [messageMedia.messageId, messageMedia.sourceId] })
    .returning({ id: messageMedia.id });
  if (row) return { id: row.id, sha256 };
  const [existing] = await db.select({ id: messageMedia.id }).from(messageMedia).where(and(eq(messageMedia.messageId, input.messageId), eq(messageMedia.sourceId, input.sourceId)));
  return { id: existing!.id, sha256 };
}

export async function findMessageMedia(db: Executor, id: string) {
  const [row] = await db.select().from(messageMedia).where(eq(messageMedia.id, id));
  return row;
}

/** Media of several messages without their content, for message lists. */
export async function listMediaOfMessage(db: Executor, messageId: string) {
  return db.select({ id: messageMedia.id, mimeType: messageMedia.mimeType, sizeBytes: messageMedia.sizeBytes, sha256: messageMedia.sha256 })
    .from(messageMedia).where(eq(messageMedia.messageId, messageId));
}
