import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { normalizeIdentity } from './normalize/index.js';
import { lockIdentityGraph } from './merge.js';
import { defaultBlocklist } from './default-blocklist.js';
import { detachIdentifier } from './quarantine.js';
import { identityTypes, type IdentityType } from './schema.js';

export type BlockResult = { kind: 'blocked'; type: IdentityType; value: string } | { kind: 'invalid'; reason: string };

/**
 * Adds a value (the shop's own number, a placeholder customers type) to the blocklist and takes it off
 * every profile, undoing the merges it caused. Values are normalised first, so any written form works.
 */
export async function blockIdentifier(
  db: Executor, input: { type: IdentityType; value: string; actor: string; note?: string; reason?: 'configured' | 'junk' },
): Promise<BlockResult> {
  const normalized = normalizeIdentity(input.type, input.value);
  if (!normalized.ok) return { kind: 'invalid', reason: normalized.reason };
  await db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    await detachIdentifier(tx, { type: input.type, value: normalized.value }, {
      reason: input.reason ?? 'configured', actor: input.actor, ...(input.note ? { note: input.note } : {}),
    });
  });
  return { kind: 'blocked', type: input.type, value: normalized.value };
}

/**
 * Blocks the values listed in the SATU_CDP_BLOCKLIST setting (`type:value` entries, comma separated),
 * and returns entries that could not be read, so that start-up can log them.
 */
export async function syncConfiguredBlocklist(db: Executor, setting: string | undefined): Promise<string[]> {
  const invalid: string[] = [];
  for (const entry of (setting ?? '').split(',').map((part) => part.trim()).filter(Boolean)) {
    const colon = entry.indexOf(':');
    const type = entry.slice(0, colon) as IdentityType;
    const result = colon > 0 && (identityTypes as readonly string[]).includes(type)
      ? await blockIdentifier(db, { type, value: entry.slice(colon + 1), actor: 'config', note: 'SATU_CDP_BLOCKLIST' })
      : { kind: 'invalid' as const, reason: `expected type:value with type one of ${identityTypes.join(', ')}` };
    if (result.kind === 'invalid') invalid.push(`${entry}: ${result.reason}`);
  }
  return invalid;
}

export interface BlocklistEntry { type: string; value: string; reason: string; note: string | null; actor: string; created_at: string }

export async function listBlocklist(db: Executor): Promise<BlocklistEntry[]> {
  const rows = await queryRows<Omit<BlocklistEntry, 'created_at'> & { created_at: Date | string }>(db, sql`
    select type, value, reason, note, actor, created_at from identity_blocklist order by created_at desc, type, value`);
  const defaults = defaultBlocklist.map(({ type, value }) => ({
    type, value, reason: 'junk', note: 'built-in default', actor: 'default', created_at: new Date(0).toISOString(),
  }));
  return [...rows.map((row) => ({ ...row, created_at: new Date(row.created_at).toISOString() })), ...defaults];
}
