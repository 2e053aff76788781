import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { normalizeIdentity } from './normalize/index.js';
import type { IdentityType } from './schema.js';

export type ProfileLookup =
  | { kind: 'found'; profileId: string; value: string }
  | { kind: 'invalid'; reason: string }
  | { kind: 'not_found'; value: string };

/** Finds the canonical profile holding an identifier given in any written form. */
export async function findProfileByIdentity(db: Executor, type: IdentityType, raw: string): Promise<ProfileLookup> {
  const normalized = normalizeIdentity(type, raw);
  if (!normalized.ok) return { kind: 'invalid', reason: normalized.reason };
  const rows = await queryRows<{ canonical_id: string }>(db, sql`
    select p.canonical_id from identities i join profiles p on p.id = i.profile_id
     where i.type = ${type} and i.value = ${normalized.value}`);
  const row = rows[0];
  return row ? { kind: 'found', profileId: row.canonical_id, value: normalized.value } : { kind: 'not_found', value: normalized.value };
}
