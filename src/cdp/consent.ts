import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { canonicalProfileId, listProfileMemberIds } from './profiles.js';

/** Purposes a customer consents to separately, as UU PDP (Law No. 27 of 2022) requires a specific purpose. */
export const consentPurposes = ['marketing', 'order_updates', 'customer_service', 'analytics'] as const;
export type ConsentPurpose = (typeof consentPurposes)[number];

export interface ConsentRecord { profileId: string; purpose: ConsentPurpose; channel: string; granted: boolean; source: string; actor: string }

/** Appends a consent decision; the latest decision per (purpose, channel) over the profile's members is in force. */
export async function recordConsent(db: Executor, record: ConsentRecord): Promise<void> {
  const canonical = await canonicalProfileId(db, record.profileId);
  await db.execute(sql`
    insert into consents (profile_id, purpose, channel, granted, source, actor)
    values (${canonical}, ${record.purpose}, ${record.channel}, ${record.granted}, ${record.source}, ${record.actor})`);
}

export interface ConsentState { purpose: string; channel: string; granted: boolean; source: string; recorded_at: string }

export async function listConsents(db: Executor, profileId: string): Promise<ConsentState[]> {
  const members = JSON.stringify(await listProfileMemberIds(db, profileId));
  const rows = await queryRows<Omit<ConsentState, 'recorded_at'> & { recorded_at: Date | string }>(db, sql`
    select distinct on (purpose, channel) purpose, channel, granted, source, recorded_at from consents
     where profile_id in (select jsonb_array_elements_text(${members}::jsonb))
     order by purpose, channel, recorded_at desc, id desc`);
  return rows.map((row) => ({ ...row, recorded_at: new Date(row.recorded_at).toISOString() }));
}
