import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../../db/index.js';
import { lockIdentityGraph } from '../merge.js';
import { canonicalProfileId, listProfileMemberIds } from '../profiles.js';

/** UU PDP gives a controller 3 × 24 hours to act on an erasure request. */
export const erasureDeadlineHours = 72;

export type ErasureRequest =
  | { kind: 'queued'; requestId: string; profileId: string; dueAt: string }
  | { kind: 'already_erased'; profileId: string; erasedAt: string }
  | { kind: 'not_found' };

/**
 * Records an erasure request for the profile; the `cdp.erase-profile` job carries it out. A profile that
 * was already erased gets no new request, since there is nothing left to erase.
 */
export async function requestErasure(db: Executor, input: { profileId: string; actor: string; reason?: string }): Promise<ErasureRequest> {
  const canonical = await canonicalProfileId(db, input.profileId);
  const [profile] = await queryRows<{ erased_at: Date | string | null }>(db, sql`select erased_at from profiles where id = ${canonical}`);
  if (!profile) return { kind: 'not_found' };
  if (profile.erased_at) return { kind: 'already_erased', profileId: canonical, erasedAt: new Date(profile.erased_at).toISOString() };
  const requestId = newId('dsr');
  const dueAt = new Date(Date.now() + erasureDeadlineHours * 3_600_000);
  await db.execute(sql`
    insert into data_subject_requests (id, profile_id, kind, status, requested_by, reason, log, due_at)
    values (${requestId}, ${canonical}, 'erase', 'queued', ${input.actor}, ${input.reason ?? null},
            ${JSON.stringify([{ at: new Date().toISOString(), step: 'requested', count: 1 }])}::jsonb, ${dueAt})`);
  return { kind: 'queued', requestId, profileId: canonical, dueAt: dueAt.toISOString() };
}

type LogEntry = { at: string; step: string; count: number };

async function countOf(db: Executor, statement: ReturnType<typeof sql>): Promise<number> {
  const rows = await queryRows<{ count: number }>(db, sql`with changed as (${statement} returning 1) select count(*)::int as count from changed`);
  return rows[0]?.count ?? 0;
}

/**
 * Erases a profile and every profile merged into it: raw inbound events naming it deleted, identities
 * deleted and their values blanked in the claim links, message bodies and media removed, conversation addresses replaced, field values and
 * consents deleted, and orders and loyalty entries kept for accounting with their profile link cut. Loyalty
 * notes, written by agents about the customer, are blanked too. The request row keeps a
 * log of each step with counts only. Running it again on a completed request does nothing.
 */
export async function eraseProfile(db: Executor, requestId: string): Promise<'completed' | 'already_completed' | 'not_found'> {
  return db.transaction(async (tx) => {
    await lockIdentityGraph(tx);
    const requests = await queryRows<{ profile_id: string; status: string }>(tx, sql`
      select profile_id, status from data_subject_requests where id = ${requestId} and kind = 'erase' for update`);
    const request = requests[0];
    if (!request) return 'not_found';
    if (request.status === 'completed') return 'already_completed';
    const members = JSON.stringify(await listProfileMemberIds(tx, request.profile_id));
    const memberSet = sql`(select jsonb_array_elements_text(${members}::jsonb))`;
    const log: LogEntry[] = [];
    const step = async (name: string, statement: ReturnType<typeof sql>) => {
      log.push({ at: new Date().toISOString(), step: name, count: await countOf(tx, statement) });
    };

    // Raw channel payloads (the inbox's inbound_events) carry the same numbers, ids and message text; erasure
    // is the one place CDP touches another module's rows. An event goes when it names one of the profile's
    // identifiers or conversation addresses, or is the source of one of its messages.
    await step('inbound_events_deleted', sql`
      delete from inbound_events e
       where exists (
               select 1 from messages m
                where m.profile_id in ${memberSet} and m.external_id is not null
                  and e.channel = m.channel and e.external_id = m.external_id)
          or exists (
               select 1 from (
                 select i.value as term from identities i where i.profile_id in ${memberSet}
                 union select ltrim(i.value, '+') from identities i where i.profile_id in ${memberSet} and i.type in ('phone', 'whatsapp_id')
                 union select c.external_thread_id from conversations c where c.profile_id in ${memberSet}
               ) as terms
                where length(term) >= 5 and strpos(e.payload::text, term) > 0)`);
    await step('claim_links_blanked', sql`
      update identity_links l set value = null, rule = 'erased'
        from identities i where i.profile_id in ${memberSet} and l.type = i.type and l.value = i.value`);
    await step('identities_deleted', sql`delete from identities where profile_id in ${memberSet}`);
    const hasMedia = await queryRows<{ present: boolean }>(tx, sql`select to_regclass('message_media') is not null as present`);
    if (hasMedia[0]?.present) {
      await step('message_media_deleted', sql`
        delete from message_media where message_id in (select id from messages where profile_id in ${memberSet})`);
    }
    await step('message_bodies_removed', sql`update messages set body = null, payload = null where profile_id in ${memberSet}`);
    await step('conversation_addresses_replaced', sql`
      update conversations set external_thread_id = 'erased:' || id where profile_id in ${memberSet}`);
    await step('order_links_cut', sql`update orders set profile_id = null where profile_id in ${memberSet}`);
    // The append-only trigger on loyalty_entries allows exactly this update: the link cut and the agent's note blanked.
    await step('loyalty_links_cut', sql`update loyalty_entries set profile_id = null, note = null where profile_id in ${memberSet}`);
    await step('field_values_deleted', sql`delete from profile_field_values where profile_id in ${memberSet}`);
    await step('consents_deleted', sql`delete from consents where profile_id in ${memberSet}`);
    // A candidate naming an erased profile can never be merged, so no agent should have to decide it.
    await step('merge_candidates_dismissed', sql`
      update merge_candidates set status = 'dismissed', decided_by = ${`erasure:${requestId}`}, decided_at = now()
       where status = 'open' and (profile_id in ${memberSet} or other_profile_id in ${memberSet})`);
    await step('profiles_anonymised', sql`
      update profiles set display_name = null, city = null, birthday = null, locale = null, tags = '{}', erased_at = now(), updated_at = now()
       where id in ${memberSet}`);

    await tx.execute(sql`
      update data_subject_requests set status = 'completed', completed_at = now(), log = log || ${JSON.stringify(log)}::jsonb
       where id = ${requestId}`);
    return 'completed';
  });
}

export interface DataSubjectRequestView {
  id: string; profile_id: string; kind: string; status: string; requested_by: string; reason: string | null;
  log: LogEntry[]; requested_at: string; due_at: string; completed_at: string | null;
}

export async function getDataSubjectRequest(db: Executor, requestId: string): Promise<DataSubjectRequestView | null> {
  const rows = await queryRows<DataSubjectRequestView>(db, sql`
    select id, profile_id, kind, status, requested_by, reason, log, requested_at, due_at, completed_at
      from data_subject_requests where id = ${requestId}`);
  const row = rows[0];
  if (!row) return null;
  const iso = (value: unknown) => (value === null ? null : new Date(value as string).toISOString());
  return { ...row, requested_at: iso(row.requested_at)!, due_at: iso(row.due_at)!, completed_at: iso(row.completed_at) };
}
