import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { isDefaultBlocked } from './default-blocklist.js';
import type { Identifier, KnownIdentifier, PlanInput, ProfileGroup } from './plan.js';
import { identityKey } from './rules.js';
import type { IdentityType } from './schema.js';

/**
 * A PostgreSQL array literal (`{"a","b"}`) sent as one text parameter: both drivers pass it the same way,
 * and `unnest(…::text[])` / `= any(…::text[])` give the planner row estimates that keep index scans.
 */
export function textArray(values: readonly string[]) {
  const literal = `{${values.map((value) => `"${value.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
  return sql`${literal}::text[]`;
}

/** The identifiers as a `c(type, value)` relation. */
export function identifierRows(identifiers: Identifier[]) {
  return sql`unnest(${textArray(identifiers.map((item) => item.type))}, ${textArray(identifiers.map((item) => item.value))}) as c(type, value)`;
}

/** Owners of the identifiers that already belong to a profile. */
export async function loadKnownIdentifiers(db: Executor, identifiers: Identifier[]): Promise<Map<string, KnownIdentifier>> {
  if (identifiers.length === 0) return new Map();
  const rows = await queryRows<{ type: IdentityType; value: string; profile_id: string; canonical_id: string }>(db, sql`
    select i.type, i.value, i.profile_id, p.canonical_id
      from ${identifierRows(identifiers)}
      join identities i on i.type = c.type and i.value = c.value
      join profiles p on p.id = i.profile_id`);
  return knownMap(rows);
}

function knownMap(rows: { type: IdentityType; value: string; profile_id: string; canonical_id: string }[]): Map<string, KnownIdentifier> {
  return new Map(rows.map((row) => [identityKey(row), {
    type: row.type, value: row.value, profileId: row.profile_id, canonicalId: row.canonical_id,
  }]));
}

/** Blocked (type, value) keys among `identifiers`: the built-in defaults and the stored blocklist. */
export async function loadBlockedKeys(db: Executor, identifiers: Identifier[]): Promise<Set<string>> {
  const blocked = new Set(identifiers.map(identityKey).filter(isDefaultBlocked));
  if (identifiers.length === 0) return blocked;
  const rows = await queryRows<{ type: string; value: string }>(db, sql`
    select b.type, b.value from ${identifierRows(identifiers)}
      join identity_blocklist b on b.type = c.type and b.value = c.value`);
  for (const row of rows) blocked.add(identityKey(row));
  return blocked;
}

/** Everything planning a claim needs, read in one round trip. */
export interface ClaimSnapshot extends Pick<PlanInput, 'groups' | 'separated'> {
  blocked: Set<string>;
  known: Map<string, KnownIdentifier>;
}

/**
 * Reads, for a claim's identifiers, which are blocked, which profiles own the others, those profiles'
 * groups (every member's identifiers) and which pairs of them an agent separated, in one statement.
 */
export async function loadClaimSnapshot(db: Executor, identifiers: Identifier[]): Promise<ClaimSnapshot> {
  const rows = await queryRows<{ blocked: Identifier[] | null; known: KnownRow[] | null; heads: { id: string; created_at: string }[] | null; members: MemberRow[] | null; pairs: { a: string; b: string }[] | null }>(db, sql`
    with c as (select * from ${identifierRows(identifiers)}),
    known as (
      select i.type, i.value, i.profile_id, p.canonical_id
        from c join identities i on i.type = c.type and i.value = c.value join profiles p on p.id = i.profile_id),
    heads as (select id, created_at from profiles where id in (select canonical_id from known)),
    members as (
      select p.canonical_id, i.type, i.value
        from profiles p join identities i on i.profile_id = p.id where p.canonical_id in (select canonical_id from known)),
    pairs as (
      select w.canonical_id as a, l.canonical_id as b
        from profile_merges m join profiles w on w.id = m.winner_id join profiles l on l.id = m.loser_id
       where m.undone_at is not null and m.undo_reason is distinct from 'quarantine'
         and w.canonical_id in (select canonical_id from known) and l.canonical_id in (select canonical_id from known))
    select (select json_agg(json_build_object('type', b.type, 'value', b.value)) from c join identity_blocklist b on b.type = c.type and b.value = c.value) as blocked,
           (select json_agg(known) from known) as known,
           (select json_agg(heads) from heads) as heads,
           (select json_agg(members) from members) as members,
           (select json_agg(pairs) from pairs) as pairs`);
  const row = rows[0]!;
  const blocked = new Set(identifiers.map(identityKey).filter(isDefaultBlocked));
  for (const item of row.blocked ?? []) blocked.add(identityKey(item));
  const groups = new Map<string, ProfileGroup>();
  for (const head of row.heads ?? []) groups.set(head.id, { canonicalId: head.id, createdAt: new Date(head.created_at).getTime(), identifiers: [] });
  for (const member of row.members ?? []) groups.get(member.canonical_id)?.identifiers.push({ type: member.type, value: member.value });
  const separatedPairs = new Set((row.pairs ?? []).flatMap(({ a, b }) => [`${a}|${b}`, `${b}|${a}`]));
  return { blocked, known: knownMap(row.known ?? []), groups, separated: (a, b) => separatedPairs.has(`${a}|${b}`) };
}

type KnownRow = { type: IdentityType; value: string; profile_id: string; canonical_id: string };
type MemberRow = { canonical_id: string; type: IdentityType; value: string };
