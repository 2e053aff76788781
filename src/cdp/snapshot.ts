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

/** Everything planning a claim needs, read in one round trip. */
export interface ClaimSnapshot extends Pick<PlanInput, 'groups' | 'separated'> {
  blocked: Set<string>;
  known: Map<string, KnownIdentifier>;
  /** Canonical profiles an agent separated, as stored (`separated` checks a pair in either order). */
  pairs: { a: string; b: string }[];
}

/**
 * Locks what one claim may change and reads the planner's snapshot, in one round trip through
 * `cdp_lock_claim_snapshot`. It takes the graph lock shared and one advisory lock per claimed identifier,
 * in key order so that two claims never wait on each other in a circle and no identifier is created twice.
 * Then it locks the rows of the canonical profiles that own the identifiers, because merges rewrite a
 * group's `canonical_id` under its canonical row. Unrelated claims therefore resolve side by side. The snapshot
 * holds which identifiers are blocked, which profiles own the others, those profiles' groups (every
 * member's identifiers) and which pairs of them an agent separated.
 *
 * The claim's commit does not wait for its WAL flush (`synchronous_commit = off` for this transaction
 * only). A crash can lose the last few milliseconds of claims but never corrupts them, every later
 * synchronous commit (the message or order that refers to the profile) flushes them first, and claims are
 * derived again from the stored events and orders that carried them.
 */
export async function lockClaimSnapshot(tx: Executor, identifiers: Identifier[]): Promise<ClaimSnapshot> {
  const keys = [...new Set(identifiers.map(identityKey))].sort();
  const rows = await queryRows<{ snapshot: SnapshotJson }>(tx, sql`
    select cdp_lock_claim_snapshot(${textArray(keys)}, ${textArray(identifiers.map((item) => item.type))},
                                   ${textArray(identifiers.map((item) => item.value))}) as snapshot`);
  return parseSnapshot(identifiers, rows[0]!.snapshot);
}

/** Reads the planner's snapshot without locks, for a plan that `cdp_apply_planned_claim` checks when it writes. */
export async function readClaimSnapshot(db: Executor, identifiers: Identifier[]): Promise<ClaimSnapshot> {
  const rows = await queryRows<{ snapshot: SnapshotJson }>(db, sql`
    select cdp_claim_snapshot(${textArray(identifiers.map((item) => item.type))}, ${textArray(identifiers.map((item) => item.value))}) as snapshot`);
  return parseSnapshot(identifiers, rows[0]!.snapshot);
}

function parseSnapshot(identifiers: Identifier[], row: SnapshotJson): ClaimSnapshot {
  const blocked = new Set(identifiers.map(identityKey).filter(isDefaultBlocked));
  for (const item of row.blocked ?? []) blocked.add(identityKey(item));
  const groups = new Map<string, ProfileGroup>();
  for (const head of row.heads ?? []) groups.set(head.id, { canonicalId: head.id, createdAt: new Date(head.created_at).getTime(), identifiers: [] });
  for (const member of row.members ?? []) groups.get(member.canonical_id)?.identifiers.push({ type: member.type, value: member.value });
  const pairs = row.pairs ?? [];
  const separatedPairs = new Set(pairs.flatMap(({ a, b }) => [`${a}|${b}`, `${b}|${a}`]));
  return { blocked, known: knownMap(row.known ?? []), groups, pairs, separated: (a, b) => separatedPairs.has(`${a}|${b}`) };
}

interface SnapshotJson {
  blocked: Identifier[] | null;
  known: KnownRow[] | null;
  heads: { id: string; created_at: string }[] | null;
  members: MemberRow[] | null;
  pairs: { a: string; b: string }[] | null;
}

type KnownRow = { type: IdentityType; value: string; profile_id: string; canonical_id: string };
type MemberRow = { canonical_id: string; type: IdentityType; value: string };
