import { sql } from 'drizzle-orm';
import { newId, queryRows, type Executor } from '../../db/index.js';
import { listConsents } from '../consent.js';
import { listFieldSources } from '../fields.js';
import { listAllLoyaltyEntries } from '../presenters/loyalty.js';
import { listMergeHistory } from '../presenters/merge-history.js';
import { getProfileView } from '../presenters/profile-view.js';
import { listProfileMemberIds } from '../profiles.js';

/**
 * Gathers everything Satu holds about a person (profile, identities, orders, messages, field sources,
 * consents, claims, merges and loyalty entries) as one JSON document, and logs the export as a data subject request.
 * Returns null when the profile does not exist.
 */
export async function exportProfileData(db: Executor, input: { profileId: string; actor: string }): Promise<Record<string, unknown> | null> {
  const profile = await getProfileView(db, input.profileId);
  if (!profile) return null;
  const members = JSON.stringify(await listProfileMemberIds(db, input.profileId));
  const claims = await queryRows(db, sql`
    select c.id, c.source, c.observed_at, c.outcome,
           (select jsonb_agg(jsonb_build_object('type', l.type, 'value', l.value, 'status', l.status, 'rule', l.rule) order by l.id)
              from identity_links l where l.claim_id = c.id) as links
      from identity_claims c where c.profile_id in (select jsonb_array_elements_text(${members}::jsonb))
     order by c.seq`);
  const document = {
    exported_at: new Date().toISOString(),
    profile,
    field_sources: await listFieldSources(db, input.profileId),
    consents: await listConsents(db, input.profileId),
    claims,
    merges: await listMergeHistory(db, input.profileId),
    loyalty: await listAllLoyaltyEntries(db, input.profileId),
  };
  await db.execute(sql`
    insert into data_subject_requests (id, profile_id, kind, status, requested_by, log, due_at, completed_at)
    values (${newId('dsr')}, ${profile.id}, 'export', 'completed', ${input.actor},
            ${JSON.stringify([{ at: document.exported_at, step: 'exported', count: 1 }])}::jsonb, now() + interval '72 hours', now())`);
  return document;
}
