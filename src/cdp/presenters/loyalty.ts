import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { canonicalProfileId } from '../profiles.js';
import type { LoyaltyEntryKind } from '../schema.js';
import { encodeCursor } from './timeline.js';

export interface LoyaltyEntryView {
  id: string;
  /** The member profile the entry was recorded under. */
  profile_id: string;
  order_id: string | null;
  kind: LoyaltyEntryKind;
  points: number;
  note: string | null;
  actor: string;
  created_at: string;
}

export interface LoyaltyPage {
  /** The canonical profile whose members' entries are summed. */
  profile_id: string;
  balance: number;
  items: LoyaltyEntryView[];
  next_cursor: string | null;
}

type EntryRow = Omit<LoyaltyEntryView, 'points' | 'created_at'> & { points: string | number; created_at: Date | string; cursor_at: string };

export function toLoyaltyEntryView({ cursor_at: _cursorAt, ...row }: EntryRow): LoyaltyEntryView {
  return { ...row, points: Number(row.points), created_at: new Date(row.created_at).toISOString() };
}

/** Sums the loyalty points of every member of the canonical profile `canonicalId`. */
export async function sumLoyaltyPoints(db: Executor, canonicalId: string): Promise<number> {
  const rows = await queryRows<{ balance: string | number }>(db, sql`
    select coalesce(sum(e.points), 0) as balance
      from loyalty_entries e join profiles p on p.id = e.profile_id
     where p.canonical_id = ${canonicalId}`);
  return Number(rows[0]?.balance ?? 0);
}

/**
 * Reads the loyalty balance of the profile (the sum over the members merged into it) and one page of
 * its entries, newest first. The cursor is the timeline's: the last entry's time and id.
 */
export async function getLoyaltyPage(
  db: Executor, profileId: string, page: { limit: number; after?: { at: string; key: string } },
): Promise<LoyaltyPage> {
  const canonical = await canonicalProfileId(db, profileId);
  const after = page.after ? sql`and (e.created_at, e.id) < (${page.after.at}::timestamptz, ${page.after.key})` : sql``;
  const rows = await queryRows<EntryRow>(db, sql`
    select e.id, e.profile_id, e.order_id, e.kind, e.points, e.note, e.actor, e.created_at, e.created_at::text as cursor_at
      from loyalty_entries e join profiles p on p.id = e.profile_id
     where p.canonical_id = ${canonical} ${after}
     order by e.created_at desc, e.id desc
     limit ${page.limit + 1}`);
  const pageRows = rows.slice(0, page.limit);
  const last = pageRows[pageRows.length - 1];
  return {
    profile_id: canonical,
    balance: await sumLoyaltyPoints(db, canonical),
    items: pageRows.map(toLoyaltyEntryView),
    next_cursor: rows.length > page.limit && last ? encodeCursor({ at: last.cursor_at, key: last.id }) : null,
  };
}

/** Reads the balance and every loyalty entry of the profile's members, oldest first, for a data export. */
export async function listAllLoyaltyEntries(db: Executor, profileId: string): Promise<{ balance: number; entries: LoyaltyEntryView[] }> {
  const canonical = await canonicalProfileId(db, profileId);
  const rows = await queryRows<EntryRow>(db, sql`
    select e.id, e.profile_id, e.order_id, e.kind, e.points, e.note, e.actor, e.created_at, e.created_at::text as cursor_at
      from loyalty_entries e join profiles p on p.id = e.profile_id
     where p.canonical_id = ${canonical}
     order by e.created_at, e.id`);
  return { balance: await sumLoyaltyPoints(db, canonical), entries: rows.map(toLoyaltyEntryView) };
}
