import { sql } from 'drizzle-orm';
import { queryRows, type Executor } from '../db/index.js';
import { canonicalProfileId } from './profiles.js';
import { profileFields, type ProfileField } from './schema.js';

export interface FieldObservation {
  profileId: string;
  field: ProfileField;
  value: string | null;
  /** Channel code, or `manual` for an agent's edit. */
  source: string;
  /** True when the source checked the value (a POS member form, a verified account). */
  verified?: boolean;
  actor: string;
  observedAt?: Date;
}

/**
 * Records a reported value for a profile field and recomputes the field by survivorship: a manual edit
 * wins over everything, then the most recent verified value, then the most recent value. Values of every
 * member profile count, so a merge brings both sides' values and an unmerge leaves each side its own.
 */
export async function recordProfileField(db: Executor, observation: FieldObservation): Promise<{ value: string | null; source: string }> {
  await db.execute(sql`
    insert into profile_field_values (profile_id, field, value, source, verified, actor, observed_at)
    values (${observation.profileId}, ${observation.field}, ${observation.value}, ${observation.source},
            ${observation.verified ?? observation.source === 'manual'}, ${observation.actor}, ${observation.observedAt ?? new Date()})`);
  const canonical = await canonicalProfileId(db, observation.profileId);
  return applySurvivingFields(db, canonical, observation.field);
}

/** Writes the surviving value of `field` onto the canonical profile row and returns it with its source. */
export async function applySurvivingFields(db: Executor, canonicalId: string, field: ProfileField): Promise<{ value: string | null; source: string }> {
  const rows = await queryRows<{ value: string | null; source: string }>(db, sql`
    select v.value, v.source from profile_field_values v join profiles p on p.id = v.profile_id
     where p.canonical_id = ${canonicalId} and v.field = ${field}
     order by (v.source = 'manual') desc, v.verified desc, v.observed_at desc, v.id desc
     limit 1`);
  const winner = rows[0];
  // A profile without recorded values keeps whatever its row holds.
  if (!winner) return { value: null, source: 'none' };
  const column = sql.identifier(field);
  await db.execute(sql`update profiles set ${column} = ${winner.value}, updated_at = now() where id = ${canonicalId}`);
  return winner;
}

/**
 * Recomputes every field of a canonical profile, after a merge or an unmerge changed its members, in one
 * statement (`cdp_refresh_profile_fields`) with the rule of `applySurvivingFields`. A field without
 * recorded values keeps its column.
 */
export async function refreshSurvivingFields(db: Executor, canonicalId: string): Promise<void> {
  await db.execute(sql`select cdp_refresh_profile_fields(${canonicalId})`);
}

/** The surviving value and source of every field of the canonical profile. */
export async function listFieldSources(db: Executor, profileId: string): Promise<Record<string, { value: string | null; source: string; verified: boolean; observed_at: string }>> {
  const canonical = await canonicalProfileId(db, profileId);
  const rows = await queryRows<{ field: string; value: string | null; source: string; verified: boolean; observed_at: Date | string }>(db, sql`
    select distinct on (v.field) v.field, v.value, v.source, v.verified, v.observed_at
      from profile_field_values v join profiles p on p.id = v.profile_id
     where p.canonical_id = ${canonical}
     order by v.field, (v.source = 'manual') desc, v.verified desc, v.observed_at desc, v.id desc`);
  return Object.fromEntries(rows.map((row) => [row.field, {
    value: row.value, source: row.source, verified: row.verified, observed_at: new Date(row.observed_at).toISOString(),
  }]));
}
