// Public surface of the customer data platform: identity resolution, merges and the profile read model.
export { identityTypes, type IdentityType } from './schema.js';
export type { IdentityClaim } from './claims.js';
export { normalizeIdentity, normalizePhone, normalizeEmail, type NormalizeResult } from './normalize/index.js';
export { resolveIdentityClaims, type ResolveInput, type ResolveResult } from './resolve.js';
export { canonicalProfileId, listProfileMemberIds } from './profiles.js';
export { mergeProfiles, type ManualMergeResult } from './merge.js';
export { undoMerge, type UnmergeResult } from './unmerge.js';
export { findProfileByIdentity, type ProfileLookup } from './lookup.js';
export { getProfileView, type ProfileView } from './presenters/profile-view.js';
export { identityRules } from './rules.js';
