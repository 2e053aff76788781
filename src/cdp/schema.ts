import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, check, foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, unique, uniqueIndex,
} from 'drizzle-orm/pg-core';
import { orders } from '../inventory/schema.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * A customer profile. A merged profile keeps its row and points to the profile it was folded into
 * (`merged_into`); `canonical_id` is the root of that chain, kept up to date on every merge and unmerge
 * so that reads and the `profile_canonical` view need no recursion.
 */
export const profiles = pgTable('profiles', {
  id: text('id').primaryKey(),
  displayName: text('display_name'),
  city: text('city'),
  /** ISO date `YYYY-MM-DD`. */
  birthday: text('birthday'),
  /** Language the customer writes in, `id` or `en`, as last detected. */
  locale: text('locale'),
  mergedInto: text('merged_into'),
  canonicalId: text('canonical_id').notNull(),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  /** Set once the profile was erased on a data subject's request. */
  erasedAt: timestamp('erased_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  index('profiles_canonical_idx').on(t.canonicalId),
  index('profiles_merged_into_idx').on(t.mergedInto),
]);

export const identityTypes = [
  'phone', 'email', 'whatsapp_id', 'instagram_id', 'web_visitor_id', 'pos_member_id', 'marketplace_buyer_id',
  'website_account_id', 'whatsapp_lid',
] as const;
export type IdentityType = (typeof identityTypes)[number];

/**
 * Current owner of each normalised identifier: one (type, value) belongs to exactly one profile row. The
 * row is the profile the identifier was first attached to, so an unmerge gives it back to that side.
 */
export const identities = pgTable('identities', {
  id: text('id').primaryKey(),
  profileId: text('profile_id').notNull().references(() => profiles.id),
  type: text('type', { enum: identityTypes }).notNull(),
  value: text('value').notNull(),
  /** Channel code where the identifier was first seen. */
  source: text('source').notNull(),
  /** The claim that attached it. */
  claimId: text('claim_id'),
  /** `type:value` of the identifier it was attached through, null when it created its profile. */
  linkedVia: text('linked_via'),
  createdAt: createdAt(),
}, (t) => [
  uniqueIndex('identities_type_value_uq').on(t.type, t.value),
  index('identities_profile_idx').on(t.profileId),
]);

/**
 * One observation of identifiers seen together (a message sender, an order's buyer, a POS receipt). Claims
 * and their links are the stored truth that the profiles are derived from; `seq` orders them for replay.
 */
export const identityClaims = pgTable('identity_claims', {
  id: text('id').primaryKey(),
  seq: bigserial('seq', { mode: 'number' }).notNull().unique(),
  /** Channel code. */
  source: text('source').notNull(),
  actor: text('actor').notNull(),
  observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
  outcome: text('outcome', { enum: ['resolved', 'rejected'] }).notNull(),
  /** The profile the claim resolved to. */
  profileId: text('profile_id'),
  createdAt: createdAt(),
}, (t) => [
  index('identity_claims_profile_idx').on(t.profileId),
  // The target of the links' (claim_id, claim_seq) foreign key.
  unique('identity_claims_id_seq_uq').on(t.id, t.seq),
]);

export const linkStatuses = ['linked', 'invalid', 'blocked', 'over_limit'] as const;

/** One identifier of a claim and what the rules did with it. */
export const identityLinks = pgTable('identity_links', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  claimId: text('claim_id').notNull(),
  /** The claim's `seq`, copied so that a recompute reads the links in claim order from one index. */
  claimSeq: bigint('claim_seq', { mode: 'number' }).notNull(),
  type: text('type', { enum: identityTypes }).notNull(),
  /** Normalised value; null when normalisation rejected it (the raw value is not stored). */
  value: text('value'),
  status: text('status', { enum: linkStatuses }).notNull(),
  /** Rule or reason, e.g. `exact_match`, `new_profile`, `junk`, `blocklist`, `limit:pos_member_id`. */
  rule: text('rule').notNull(),
}, (t) => [
  foreignKey({ columns: [t.claimId, t.claimSeq], foreignColumns: [identityClaims.id, identityClaims.seq] }),
  index('identity_links_claim_idx').on(t.claimId),
  index('identity_links_claim_seq_idx').on(t.claimSeq, t.id),
  index('identity_links_value_idx').on(t.type, t.value),
]);

/** Audit of every merge: which claim and rule joined `loser` into `winner`, by whom, and its undo. */
export const profileMerges = pgTable('profile_merges', {
  id: text('id').primaryKey(),
  winnerId: text('winner_id').notNull().references(() => profiles.id),
  loserId: text('loser_id').notNull().references(() => profiles.id),
  claimId: text('claim_id'),
  /** `exact:<type>` for automatic merges, `manual` for an agent's. */
  rule: text('rule').notNull(),
  viaType: text('via_type'),
  viaValue: text('via_value'),
  actor: text('actor').notNull(),
  createdAt: createdAt(),
  undoneAt: timestamp('undone_at', { withTimezone: true }),
  undoneBy: text('undone_by'),
  undoReason: text('undo_reason'),
  /**
   * The `seq` of the last claim stored before the merge and before its undo. Both are taken under the
   * exclusive graph lock, so a recompute replays an agent's decision right after that claim.
   */
  afterClaimSeq: bigint('after_claim_seq', { mode: 'number' }),
  undoneAfterClaimSeq: bigint('undone_after_claim_seq', { mode: 'number' }),
}, (t) => [
  index('profile_merges_winner_idx').on(t.winnerId),
  index('profile_merges_loser_idx').on(t.loserId),
  index('profile_merges_via_idx').on(t.viaType, t.viaValue),
  uniqueIndex('profile_merges_active_loser_uq').on(t.loserId).where(sql`${t.undoneAt} is null`),
]);

/** A merge the rules refused to make on their own; an agent confirms or dismisses it. */
export const mergeCandidates = pgTable('merge_candidates', {
  id: text('id').primaryKey(),
  profileId: text('profile_id').notNull().references(() => profiles.id),
  otherProfileId: text('other_profile_id').notNull().references(() => profiles.id),
  claimId: text('claim_id'),
  reason: text('reason').notNull(),
  status: text('status', { enum: ['open', 'merged', 'dismissed'] }).notNull().default('open'),
  decidedBy: text('decided_by'),
  decidedAt: timestamp('decided_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  index('merge_candidates_status_idx').on(t.status, t.createdAt),
  uniqueIndex('merge_candidates_open_pair_uq').on(t.profileId, t.otherProfileId).where(sql`${t.status} = 'open'`),
]);

/** Values that never merge profiles: configured shop numbers, junk, and quarantined identifiers. */
export const identityBlocklist = pgTable('identity_blocklist', {
  type: text('type', { enum: identityTypes }).notNull(),
  value: text('value').notNull(),
  reason: text('reason', { enum: ['configured', 'junk', 'quarantine'] }).notNull(),
  note: text('note'),
  actor: text('actor').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.type, t.value] })]);

// The SQL function cdp_refresh_profile_fields (migration 0022) names the same columns.
export const profileFields = ['display_name', 'city', 'birthday', 'locale'] as const;
export type ProfileField = (typeof profileFields)[number];

/** Every value a source reported for a profile field; survivorship picks the current one from these. */
export const profileFieldValues = pgTable('profile_field_values', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  profileId: text('profile_id').notNull().references(() => profiles.id),
  field: text('field', { enum: profileFields }).notNull(),
  value: text('value'),
  /** Channel code, or `manual` for an agent's edit. */
  source: text('source').notNull(),
  verified: boolean('verified').notNull().default(false),
  actor: text('actor').notNull(),
  observedAt: timestamp('observed_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [index('profile_field_values_profile_idx').on(t.profileId, t.field)]);

/** Consent log per purpose and channel (UU PDP); the latest row per (profile, purpose, channel) is in force. */
export const consents = pgTable('consents', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  profileId: text('profile_id').notNull().references(() => profiles.id),
  purpose: text('purpose').notNull(),
  channel: text('channel').notNull(),
  granted: boolean('granted').notNull(),
  source: text('source').notNull(),
  actor: text('actor').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [index('consents_profile_idx').on(t.profileId, t.purpose, t.channel, t.recordedAt)]);

/** A data subject's request (export or erasure) and the log of what was done for it. */
export const dataSubjectRequests = pgTable('data_subject_requests', {
  id: text('id').primaryKey(),
  profileId: text('profile_id').notNull(),
  kind: text('kind', { enum: ['export', 'erase'] }).notNull(),
  status: text('status', { enum: ['queued', 'completed', 'failed'] }).notNull(),
  requestedBy: text('requested_by').notNull(),
  reason: text('reason'),
  /** Steps taken, each `{ at, step, count }`, without personal data. */
  log: jsonb('log').$type<{ at: string; step: string; count: number }[]>().notNull().default([]),
  requestedAt: timestamp('requested_at', { withTimezone: true }).notNull().defaultNow(),
  /** The law allows 3 × 24 hours from the request. */
  dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
  completedAt: timestamp('completed_at', { withTimezone: true }),
}, (t) => [index('data_subject_requests_profile_idx').on(t.profileId)]);

/** A saved filter over profiles, evaluated in SQL when read. */
export const segments = pgTable('segments', {
  id: text('id').primaryKey(),
  name: text('name').notNull().unique(),
  filter: jsonb('filter').$type<Record<string, unknown>>().notNull(),
  createdBy: text('created_by').notNull(),
  createdAt: createdAt(),
});

export const loyaltyEntryKinds = ['earned', 'reversed', 'adjustment', 'redeemed'] as const;
export type LoyaltyEntryKind = (typeof loyaltyEntryKinds)[number];

/**
 * Append-only ledger of loyalty points. An entry stays under the member profile it was recorded for (an
 * order's points under the order's profile), so an unmerge takes it back to its side. The balance of a
 * merged profile is the sum over its members. A trigger rejects every update and delete except the
 * erasure step that cuts the profile link and blanks the note.
 */
export const loyaltyEntries = pgTable('loyalty_entries', {
  id: text('id').primaryKey(),
  /** Null once the profile is erased; the entry stays for accounting. */
  profileId: text('profile_id').references(() => profiles.id),
  /** The order that earned the points, or whose earning a `reversed` entry cancels. */
  orderId: text('order_id').references(() => orders.id),
  /** Signed: positive for `earned`, negative for `reversed` and `redeemed`, either for `adjustment`. */
  points: bigint('points', { mode: 'number' }).notNull(),
  kind: text('kind', { enum: loyaltyEntryKinds }).notNull(),
  /** The agent's reason for an adjustment or redemption; null for order entries and after erasure. */
  note: text('note'),
  actor: text('actor').notNull(),
  createdAt: createdAt(),
}, (t) => [
  index('loyalty_entries_profile_idx').on(t.profileId, t.createdAt, t.id),
  uniqueIndex('loyalty_entries_earned_order_uq').on(t.orderId).where(sql`${t.kind} = 'earned'`),
  uniqueIndex('loyalty_entries_reversed_order_uq').on(t.orderId).where(sql`${t.kind} = 'reversed'`),
  check('loyalty_entries_kind_valid', sql`${t.kind} in ('earned', 'reversed', 'adjustment', 'redeemed')`),
  check('loyalty_entries_points_sign', sql`case ${t.kind}
    when 'earned' then ${t.points} > 0
    when 'adjustment' then ${t.points} <> 0
    else ${t.points} < 0 end`),
  check('loyalty_entries_order_link', sql`(${t.kind} in ('earned', 'reversed')) = (${t.orderId} is not null)`),
  check('loyalty_entries_note_required', sql`${t.kind} in ('earned', 'reversed') or ${t.note} is not null or ${t.profileId} is null`),
]);
