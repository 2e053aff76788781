import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { listProfileMemberIds } from '../profiles.js';

export interface TimelineEntry {
  /** Unique within the timeline: `<kind>:<id>`. */
  key: string;
  kind: string;
  at: string;
  channel: string | null;
  profile_id: string;
  data: Record<string, unknown>;
}

export interface TimelinePage { items: TimelineEntry[]; next_cursor: string | null }

/** Opaque cursor: the last entry's time and key, so pages stay stable while new entries arrive. */
export function encodeCursor(entry: { at: string; key: string }): string {
  return Buffer.from(JSON.stringify([entry.at, entry.key])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: string; key: string } | null {
  try {
    const [at, key] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
    if (typeof at !== 'string' || typeof key !== 'string' || !isCursorTime(at) || !cursorKeyPattern.test(key)) return null;
    return { at, key };
  } catch {
    return null;
  }
}

/** Entry keys and loyalty entry ids: `<kind>:<id>` or `<id>`, generated ids in printable ASCII. */
const cursorKeyPattern = /^[\x21-\x7e]{1,200}$/;

/** PostgreSQL's `timestamptz::text` output (`2026-12-04 23:45:47.875123+07`), or the same with `T` and `Z`. */
const cursorTimePattern = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](?:0\d|1[0-5])(?::?[0-5]\d){0,2})$/;

/**
 * True for a time PostgreSQL accepts as timestamptz: the cursor's format with an existing calendar date and
 * clock time. `Date.parse` alone accepts strings such as `0` or `2026-02-30` that PostgreSQL rejects.
 */
function isCursorTime(value: string): boolean {
  const match = cursorTimePattern.exec(value);
  if (!match) return false;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return year >= 1 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
}

/**
 * One page of the profile's history across channels, newest first: messages, orders and each status
 * change (POS sales and pickups count as store visits), loyalty entries, and merges with their undos.
 */
export async function getTimelinePage(
  db: Executor, profileId: string, page: { limit: number; after?: { at: string; key: string } },
): Promise<TimelinePage> {
  const members = JSON.stringify(await listProfileMemberIds(db, profileId));
  const after = page.after ? sql`where (e.at, e.key) < (${page.after.at}::timestamptz, ${page.after.key})` : sql``;
  const rows = await queryRows<{ key: string; kind: string; at: Date | string; channel: string | null; profile_id: string; data: Record<string, unknown>; cursor_at: string }>(db, sql`
    with member as (select jsonb_array_elements_text(${members}::jsonb) as id),
    entries as (
      select 'message:' || m.id as key, 'message' as kind, m.sent_at as at, m.channel, m.profile_id,
             jsonb_build_object('message_id', m.id, 'conversation_id', m.conversation_id, 'direction', m.direction,
                                'author', m.author, 'body', m.body, 'status', m.status) as data
        from messages m where m.profile_id in (select id from member)
      union all
      select step.kind || ':' || o.id, step.kind, step.at, ch.code, o.profile_id,
             jsonb_build_object('order_id', o.id, 'external_id', o.external_id, 'status', o.status,
                                'total_amount', o.total_amount, 'fulfillment_type', o.fulfillment_type,
                                'location_id', o.location_id, 'cancel_reason', o.cancel_reason)
        from orders o
        join channels ch on ch.id = o.channel_id
        cross join lateral (values
          (case when o.fulfillment_type = 'pos' then 'store_purchase' else 'order_placed' end, o.placed_at),
          ('order_paid', case when o.fulfillment_type = 'pos' then null else o.paid_at end),
          ('order_ready_for_pickup', o.ready_at),
          ('store_pickup', o.picked_up_at),
          ('order_shipped', o.shipped_at),
          ('order_cancelled', o.cancelled_at)) as step(kind, at)
       where o.profile_id in (select id from member) and step.at is not null
      union all
      select 'loyalty:' || l.id, 'loyalty_' || l.kind, l.created_at, null, l.profile_id,
             jsonb_build_object('entry_id', l.id, 'kind', l.kind, 'points', l.points, 'order_id', l.order_id,
                                'note', l.note, 'actor', l.actor)
        from loyalty_entries l where l.profile_id in (select id from member)
      union all
      select 'merge:' || g.id, 'merge', g.created_at, null, g.loser_id,
             jsonb_build_object('merge_id', g.id, 'winner_id', g.winner_id, 'loser_id', g.loser_id, 'rule', g.rule, 'actor', g.actor)
        from profile_merges g where g.winner_id in (select id from member) or g.loser_id in (select id from member)
      union all
      select 'unmerge:' || g.id, 'unmerge', g.undone_at, null, g.loser_id,
             jsonb_build_object('merge_id', g.id, 'winner_id', g.winner_id, 'loser_id', g.loser_id, 'reason', g.undo_reason, 'actor', g.undone_by)
        from profile_merges g
       where g.undone_at is not null and (g.winner_id in (select id from member) or g.loser_id in (select id from member))
    )
    select e.key, e.kind, e.at, e.at::text as cursor_at, e.channel, e.profile_id, e.data from entries e ${after}
     order by e.at desc, e.key desc
     limit ${page.limit + 1}`);
  const pageRows = rows.slice(0, page.limit);
  const items = pageRows.map(({ cursor_at: _cursorAt, ...row }) => ({ ...row, at: new Date(row.at).toISOString() }));
  // The cursor keeps the database's microsecond time, so entries within one millisecond are not skipped.
  const last = pageRows[pageRows.length - 1];
  return { items, next_cursor: rows.length > page.limit && last ? encodeCursor({ at: last.cursor_at, key: last.key }) : null };
}
