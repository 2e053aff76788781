import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { newId, queryRows, type Executor } from '../db/index.js';

/**
 * A calendar date PostgreSQL can compare with an order's time. `z.iso.date()` alone accepts year 0000, which
 * PostgreSQL rejects, so a saved segment would fail on every later read.
 */
const filterDateSchema = z.iso.date().refine((value) => value >= '1900-01-01', 'must be a date from 1900-01-01, written YYYY-MM-DD');

/** A segment's saved filter; every condition given must hold. Spend is integer rupiah over non-cancelled orders. */
export const segmentFilterSchema = z.object({
  channels_any: z.array(z.string().min(1)).min(1).optional(),
  min_channels: z.number().int().min(1).optional(),
  last_purchase_after: filterDateSchema.optional(),
  last_purchase_before: filterDateSchema.optional(),
  min_total_spend: z.number().int().min(0).optional(),
  max_total_spend: z.number().int().min(0).optional(),
  city: z.string().min(1).optional(),
  tags_any: z.array(z.string().min(1)).min(1).optional(),
}).strict();
export type SegmentFilter = z.infer<typeof segmentFilterSchema>;

export type SegmentSaveResult = { kind: 'created'; id: string } | { kind: 'name_taken' };

export async function saveSegment(db: Executor, input: { name: string; filter: SegmentFilter; actor: string }): Promise<SegmentSaveResult> {
  const id = newId('seg');
  const rows = await queryRows(db, sql`
    insert into segments (id, name, filter, created_by) values (${id}, ${input.name}, ${JSON.stringify(input.filter)}::jsonb, ${input.actor})
    on conflict (name) do nothing returning id`);
  return rows.length > 0 ? { kind: 'created', id } : { kind: 'name_taken' };
}

export interface SegmentMember { profile_id: string; channels: string[]; total_spend: number; last_purchase_at: string | null; city: string | null }

/** One page of a segment's profiles, in profile id order; `nextCursor` is null on the last page. */
export interface SegmentPage { items: SegmentMember[]; nextCursor: string | null }

/** Largest page of segment members one request returns. */
export const maxSegmentPage = 500;

/**
 * Canonical profiles matching a filter, computed in one SQL query over every member's orders and
 * messages, a page of `limit` at a time after the profile id `after`. Erased profiles are left out.
 */
export async function listSegmentProfiles(
  db: Executor, filter: SegmentFilter, page: { limit?: number; after?: string } = {},
): Promise<SegmentPage> {
  const limit = Math.min(page.limit ?? 100, maxSegmentPage);
  const conditions: SQL[] = [sql`p.erased_at is null`];
  if (page.after) conditions.push(sql`p.id > ${page.after}`);
  if (filter.channels_any) conditions.push(sql`s.channels && (select array_agg(x) from jsonb_array_elements_text(${JSON.stringify(filter.channels_any)}::jsonb) x)`);
  if (filter.min_channels) conditions.push(sql`cardinality(s.channels) >= ${filter.min_channels}`);
  if (filter.last_purchase_after) conditions.push(sql`s.last_purchase_at >= ${filter.last_purchase_after}::date`);
  if (filter.last_purchase_before) conditions.push(sql`s.last_purchase_at < ${filter.last_purchase_before}::date`);
  if (filter.min_total_spend !== undefined) conditions.push(sql`s.total_spend >= ${filter.min_total_spend}`);
  if (filter.max_total_spend !== undefined) conditions.push(sql`s.total_spend <= ${filter.max_total_spend}`);
  if (filter.city) conditions.push(sql`lower(p.city) = lower(${filter.city})`);
  if (filter.tags_any) conditions.push(sql`p.tags && (select array_agg(x) from jsonb_array_elements_text(${JSON.stringify(filter.tags_any)}::jsonb) x)`);
  const rows = await queryRows<{ profile_id: string; channels: string[]; total_spend: string | number; last_purchase_at: Date | string | null; city: string | null }>(db, sql`
    with touch as (
      select pc.canonical_id, ch.code as channel, o.total_amount, o.placed_at, o.status
        from orders o join channels ch on ch.id = o.channel_id join profile_canonical pc on pc.profile_id = o.profile_id
      union all
      select pc.canonical_id, m.channel, null, null, null
        from messages m join profile_canonical pc on pc.profile_id = m.profile_id where m.direction = 'inbound'
    ),
    stats as (
      select canonical_id,
             array_agg(distinct channel order by channel) as channels,
             coalesce(sum(total_amount) filter (where status is distinct from 'cancelled'), 0) as total_spend,
             max(placed_at) filter (where status is distinct from 'cancelled') as last_purchase_at
        from touch group by canonical_id
    )
    select p.id as profile_id, coalesce(s.channels, '{}') as channels, coalesce(s.total_spend, 0) as total_spend,
           s.last_purchase_at, p.city
      from profiles p left join stats s on s.canonical_id = p.id
     where p.merged_into is null and ${sql.join(conditions, sql` and `)}
     order by p.id limit ${limit + 1}`);
  const items = rows.slice(0, limit).map((row) => ({
    ...row,
    total_spend: Number(row.total_spend),
    last_purchase_at: row.last_purchase_at === null ? null : new Date(row.last_purchase_at).toISOString(),
  }));
  return { items, nextCursor: rows.length > limit ? items.at(-1)!.profile_id : null };
}

/** Returns a page of a saved segment's members, or null when the segment does not exist. */
export async function listSavedSegmentProfiles(
  db: Executor, segmentId: string, page: { limit?: number; after?: string } = {},
): Promise<SegmentPage | null> {
  const rows = await queryRows<{ filter: SegmentFilter }>(db, sql`select filter from segments where id = ${segmentId}`);
  if (!rows[0]) return null;
  return listSegmentProfiles(db, segmentFilterSchema.parse(rows[0].filter), page);
}
