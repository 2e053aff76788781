import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import type { Identifier, KnownIdentifier, PlanInput, ProfileGroup } from './plan.js';
import { isDefaultBlocked } from './default-blocklist.js';
import { identityKey } from './rules.js';
import type { IdentityType } from './schema.js';

/** A JSON parameter the database expands into (type, value) rows; both drivers send it the same way. */
export function identifierRows(identifiers: Identifier[]) {
  const json = JSON.stringify(identifiers.map(({ type, value }) => ({ type, value })));
  return sql`jsonb_to_recordset(${json}::jsonb) as c(type text, value text)`;
}

/** Owners of the identifiers that already belong to a profile. */
export async function loadKnownIdentifiers(db: Executor, identifiers: Identifier[]): Promise<Map<string, KnownIdentifier>> {
  if (identifiers.length === 0) return new Map();
  const rows = await queryRows<{ type: IdentityType; value: string; profile_id: string; canonical_id: string }>(db, sql`
    select i.type, i.value, i.profile_id, p.canonical_id
      from ${identifierRows(identifiers)}
      join identities i on i.type = c.type and i.value = c.value
      join profiles p on p.id = i.profile_id`);
  return new Map(rows.map((row) => [identityKey(row), {
    type: row.type, value: row.value, profileId: row.profile_id, canonicalId: row.canonical_id,
  }]));
}

/** Blocked (type, value) keys among `identifiers`. */
export async function loadBlockedKeys(db: Executor, identifiers: Identifier[]): Promise<Set<string>> {
  const blocked = new Set(identifiers.map(identityKey).filter(isDefaultBlocked));
  if (identifiers.length === 0) return blocked;
  const rows = await queryRows<{ type: string; value: string }>(db, sql`
    select b.type, b.value from ${identifierRows(identifiers)}
      join identity_blocklist b on b.type = c.type and b.value = c.value`);
  for (const row of rows) blocked.add(identityKey(row));
  return blocked;
}

/** The canonical profiles with all their members' identifiers, and which pairs of them were separated. */
export async function loadGroups(db: Executor, canonicalIds: string[]): Promise<Pick<PlanInput, 'groups' | 'separated'>> {
  const groups = new Map<string, ProfileGroup>();
  if (canonicalIds.length === 0) return { groups, separated: () => false };
  const ids = JSON.stringify(canonicalIds);
  const heads = await queryRows<{ id: string; created_at: Date | string }>(db, sql`
    select id, created_at from profiles where id in (select jsonb_array_elements_text(${ids}::jsonb))`);
  for (const head of heads) groups.set(head.id, { canonicalId: head.id, createdAt: new Date(head.created_at).getTime(), identifiers: [] });
  const rows = await queryRows<{ canonical_id: string; type: IdentityType; value: string }>(db, sql`
    select p.canonical_id, i.type, i.value
      from profiles p join identities i on i.profile_id = p.id
     where p.canonical_id in (select jsonb_array_elements_text(${ids}::jsonb))`);
  for (const row of rows) groups.get(row.canonical_id)?.identifiers.push({ type: row.type, value: row.value });
  if (canonicalIds.length < 2) return { groups, separated: () => false };
  const pairs = await queryRows<{ a: string; b: string }>(db, sql`
    select w.canonical_id as a, l.canonical_id as b
      from profile_merges m
      join profiles w on w.id = m.winner_id
      join profiles l on l.id = m.loser_id
     where m.undone_at is not null and m.undo_reason is distinct from 'quarantine'
       and w.canonical_id in (select jsonb_array_elements_text(${ids}::jsonb))
       and l.canonical_id in (select jsonb_array_elements_text(${ids}::jsonb))`);
  const separatedPairs = new Set(pairs.flatMap(({ a, b }) => [`${a}|${b}`, `${b}|${a}`]));
  return { groups, separated: (a, b) => separatedPairs.has(`${a}|${b}`) };
}
