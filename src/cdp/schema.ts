import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const profiles = pgTable('profiles', {
  id: text('id').primaryKey(),
  displayName: text('display_name'),
  city: text('city'),
  /** Language the customer writes in, `id` or `en`, as last detected. */
  locale: text('locale'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const identityTypes = [
  'phone', 'email', 'whatsapp_id', 'instagram_id', 'web_visitor_id', 'pos_member_id', 'marketplace_buyer_id',
  'website_account_id',
] as const;
export type IdentityType = (typeof identityTypes)[number];

/** One normalised identifier value belongs to exactly one profile. */
export const identities = pgTable('identities', {
  id: text('id').primaryKey(),
  profileId: text('profile_id').notNull().references(() => profiles.id),
  type: text('type', { enum: identityTypes }).notNull(),
  value: text('value').notNull(),
  /** Channel code where the identifier was first seen. */
  source: text('source').notNull(),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('identities_type_value_uq').on(t.type, t.value),
  index('identities_profile_idx').on(t.profileId),
  index('identities_value_trgm_idx').using('gin', sql`${t.value} gin_trgm_ops`),
]);
