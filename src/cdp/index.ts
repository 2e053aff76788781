// Public surface of the customer data platform: identity resolution, merges and the profile read model.
export { identityTypes, type IdentityType } from './schema.js';
export type { IdentityClaim } from './claims.js';
export { normalizeIdentity, normalizePhone, normalizeEmail, type NormalizeResult } from './normalize/index.js';
export { resolveIdentityClaims, type ResolveInput, type ResolveResult } from './resolve.js';
export { canonicalProfileId, listProfileMemberIds, profileExists } from './profiles.js';
export { mergeProfiles, type ManualMergeResult } from './merge.js';
export { undoMerge, type UnmergeResult } from './unmerge.js';
export { findProfileByIdentity, type ProfileLookup } from './lookup.js';
export { getProfileView, type ProfileView } from './presenters/profile-view.js';
export { identityRules } from './rules.js';
export { listMergeHistory, type MergeHistoryEntry } from './presenters/merge-history.js';
export { listMergeCandidates, decideMergeCandidate, type MergeCandidate, type CandidateDecision } from './candidates.js';
export { blockIdentifier, listBlocklist, syncConfiguredBlocklist, type BlockResult } from './blocklist.js';
export { getTimelinePage, decodeCursor, type TimelineEntry, type TimelinePage } from './presenters/timeline.js';
export { recordProfileField, listFieldSources, type FieldObservation } from './fields.js';
export { consentPurposes, recordConsent, listConsents, type ConsentPurpose } from './consent.js';
export { exportProfileData } from './pdp/export.js';
export { earnOrderPoints, reverseOrderPoints, defaultLoyaltyRule, type LoyaltyRule } from './loyalty/order-points.js';
export { adjustLoyaltyPoints, type LoyaltyAdjustmentInput, type LoyaltyAdjustmentResult } from './loyalty/adjust.js';
export { getLoyaltyPage, type LoyaltyEntryView, type LoyaltyPage } from './presenters/loyalty.js';
export { requestErasure, eraseProfile, getDataSubjectRequest, erasureDeadlineHours } from './pdp/erase.js';
export {
  segmentFilterSchema, saveSegment, listSegmentProfiles, listSavedSegmentProfiles, maxSegmentPage, type SegmentFilter, type SegmentPage,
} from './segments.js';
export { profileFields, type ProfileField } from './schema.js';
export { recomputeIdentityGraph, type RecomputeReport } from './recompute.js';
export { ReplayGraph } from './replay-graph.js';
export { backfillIdentityClaims, type BackfillResult } from './backfill.js';
