import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../../db/index.js';
import { listProfileMemberIds } from '../profiles.js';

/** Read model of one customer: the canonical profile with the facts of every profile merged into it. */
export interface ProfileView {
  id: string;
  member_profile_ids: string[];
  display_name: string | null;
  city: string | null;
  birthday: string | null;
  locale: string | null;
  tags: string[];
  created_at: string;
  erased_at: string | null;
  identities: { type: string; value: string; source: string; profile_id: string; created_at: string }[];
  orders: {
    id: string; channel: string; external_id: string; status: string; total_amount: number; placed_at: string;
    profile_id: string; lines: { sku: string; quantity: number; unit_price: number }[];
  }[];
  messages: {
    id: string; conversation_id: string; channel: string; direction: string; author: string; body: string | null;
    status: string; sent_at: string; profile_id: string;
  }[];
}

const iso = (value: Date | string | null) => (value === null ? null : new Date(value).toISOString());

/**
 * Loads the profile view of `profileId` (any member id is accepted and shown as its canonical profile):
 * identities, orders with their lines, and messages from every channel, each list oldest first. Returns
 * null when no such profile exists. Orders and messages belong to the inventory and inbox modules and are
 * read here by table name, never written.
 */
export async function getProfileView(db: Executor, profileId: string): Promise<ProfileView | null> {
  const memberIds = await listProfileMemberIds(db, profileId);
  const members = JSON.stringify(memberIds);
  const heads = await queryRows<{
    id: string; display_name: string | null; city: string | null; birthday: string | null; locale: string | null;
    tags: string[]; created_at: Date | string; erased_at: Date | string | null;
  }>(db, sql`
    select p.id, p.display_name, p.city, p.birthday, p.locale, p.tags, p.created_at, p.erased_at
      from profiles p where p.id = (select canonical_id from profiles where id = ${profileId})`);
  const head = heads[0];
  if (!head) return null;

  const identities = await queryRows<{ type: string; value: string; source: string; profile_id: string; created_at: Date | string }>(db, sql`
    select type, value, source, profile_id, created_at from identities
     where profile_id in (select jsonb_array_elements_text(${members}::jsonb))
     order by created_at, id`);
  const orders = await queryRows<{
    id: string; channel: string; external_id: string; status: string; total_amount: string | number;
    placed_at: Date | string; profile_id: string; lines: { sku: string; quantity: number; unit_price: string | number }[] | null;
  }>(db, sql`
    select o.id, ch.code as channel, o.external_id, o.status, o.total_amount, o.placed_at, o.profile_id,
           (select jsonb_agg(jsonb_build_object('sku', v.sku, 'quantity', ol.quantity, 'unit_price', ol.unit_price) order by ol.line_no)
              from order_lines ol join variants v on v.id = ol.variant_id where ol.order_id = o.id) as lines
      from orders o join channels ch on ch.id = o.channel_id
     where o.profile_id in (select jsonb_array_elements_text(${members}::jsonb))
     order by o.placed_at, o.id`);
  const messages = await queryRows<{
    id: string; conversation_id: string; channel: string; direction: string; author: string; body: string | null;
    status: string; sent_at: Date | string; profile_id: string;
  }>(db, sql`
    select id, conversation_id, channel, direction, author, body, status, sent_at, profile_id from messages
     where profile_id in (select jsonb_array_elements_text(${members}::jsonb))
     order by sent_at, created_at, id`);

  return {
    id: head.id,
    member_profile_ids: memberIds,
    display_name: head.display_name,
    city: head.city,
    birthday: head.birthday,
    locale: head.locale,
    tags: head.tags,
    created_at: iso(head.created_at)!,
    erased_at: iso(head.erased_at),
    identities: identities.map((row) => ({ ...row, created_at: iso(row.created_at)! })),
    orders: orders.map((row) => ({
      ...row,
      total_amount: Number(row.total_amount),
      placed_at: iso(row.placed_at)!,
      lines: (row.lines ?? []).map((line) => ({ ...line, unit_price: Number(line.unit_price) })),
    })),
    messages: messages.map((row) => ({ ...row, sent_at: iso(row.sent_at)! })),
  };
}
