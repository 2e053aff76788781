import { Hono } from 'hono';
import { z } from 'zod';
import {
  blockIdentifier, consentPurposes, decideMergeCandidate, decodeCursor, exportProfileData, findProfileByIdentity,
  getDataSubjectRequest, getProfileView, getTimelinePage, identityTypes, listBlocklist, listConsents, listFieldSources,
  listMergeCandidates, listMergeHistory, listSavedSegmentProfiles, mergeProfiles, profileExists, profileFields, recordConsent, recordProfileField,
  maxSegmentPage, requestErasure, saveSegment, segmentFilterSchema, undoMerge,
} from '../../cdp/index.js';
import { AppError, validationError } from '../../errors.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';
import { loyaltyRoutes } from './cdp-loyalty.js';

export const cdpRoutes = new Hono<AppEnv>();
cdpRoutes.route('/', loyaltyRoutes);

const profileIdSchema = z.string().regex(/^prf_[0-9a-z]{16}$/, 'must be a profile id (prf_…)');
const profileQuerySchema = z.object({
  phone: z.string().min(1).max(64).optional(),
  email: z.string().min(1).max(254).optional(),
}).refine((query) => Boolean(query.phone) !== Boolean(query.email), { message: 'give exactly one of phone or email', path: ['phone'] });

// Profiles carry message bodies and contact data, so integrations (POS, website) cannot read them.
cdpRoutes.get('/profiles', requireAuth(['owner', 'agent']), async (c) => {
  const query = readQuery(c, profileQuerySchema);
  const [field, type, raw] = query.phone ? ['phone', 'phone', query.phone] as const : ['email', 'email', query.email!] as const;
  const db = c.get('runtime').db;
  const lookup = await findProfileByIdentity(db, type, raw);
  if (lookup.kind === 'invalid') throw validationError([{ name: field, reason: lookup.reason }]);
  if (lookup.kind === 'not_found') throw new AppError('not_found', `No profile holds the ${field} ${maskValue(lookup.value)}.`);
  return c.json(await getProfileView(db, lookup.profileId));
});

cdpRoutes.get('/profiles/:id', requireAuth(['owner', 'agent']), async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const view = await getProfileView(c.get('runtime').db, profileId);
  if (!view) throw notFound(profileId);
  return c.json({ ...view, field_sources: await listFieldSources(c.get('runtime').db, profileId) });
});

const staff = requireAuth(['owner', 'agent']);
const owner = requireAuth(['owner']);
const actorOf = (c: { get(key: 'principal'): { tokenId: string; role: string } }) => `${c.get('principal').role}:${c.get('principal').tokenId}`;

cdpRoutes.get('/profiles/:id/merges', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  await ensureProfile(c.get('runtime').db, profileId);
  return c.json({ items: await listMergeHistory(c.get('runtime').db, profileId) });
});

const undoSchema = z.object({ reason: z.string().trim().min(1).max(500) });
cdpRoutes.post('/merges/:id/undo', staff, async (c) => {
  const body = await readJson(c, undoSchema);
  const result = await undoMerge(c.get('runtime').db, { mergeId: c.req.param('id'), actor: actorOf(c), reason: body.reason });
  if (result.kind === 'not_found') throw new AppError('not_found', `Merge ${c.req.param('id')} does not exist.`);
  if (result.kind === 'already_undone') throw new AppError('conflict', `Merge ${c.req.param('id')} was already undone at ${result.undoneAt}.`);
  if (result.kind === 'erased') {
    throw new AppError('conflict', `Merge ${c.req.param('id')} cannot be undone: profile ${result.profileId} was erased, so nothing is left to restore.`);
  }
  c.get('logger').info({ mergeId: result.mergeId, profileId: result.profileId, restoredProfileId: result.restoredProfileId }, 'merge undone');
  return c.json({ merge_id: result.mergeId, profile_id: result.profileId, restored_profile_id: result.restoredProfileId });
});

const candidateQuerySchema = z.object({ status: z.enum(['open', 'merged', 'dismissed']).default('open') });
cdpRoutes.get('/merge-candidates', staff, async (c) => {
  const query = readQuery(c, candidateQuerySchema);
  return c.json({ items: await listMergeCandidates(c.get('runtime').db, query.status) });
});

const decisionSchema = z.object({ decision: z.enum(['merge', 'dismiss']) });
cdpRoutes.post('/merge-candidates/:id/decision', staff, async (c) => {
  const body = await readJson(c, decisionSchema);
  const result = await decideMergeCandidate(c.get('runtime').db, { candidateId: c.req.param('id'), decision: body.decision, actor: actorOf(c) });
  switch (result.kind) {
    case 'candidate_not_found': throw new AppError('not_found', `Merge candidate ${c.req.param('id')} does not exist.`);
    case 'not_open': throw new AppError('conflict', `Merge candidate ${c.req.param('id')} is already ${result.status}.`);
    case 'not_found': throw notFound(result.profileId);
    case 'erased': throw erasedConflict(result.profileId);
    case 'dismissed': return c.json({ status: 'dismissed' });
    case 'already_merged': return c.json({ status: 'merged', profile_id: result.profileId });
    case 'merged': return c.json({ status: 'merged', profile_id: result.profileId, merge_id: result.mergeId });
  }
});

const manualMergeSchema = z.object({ other_profile_id: profileIdSchema });
/** Merges another profile into this one on an agent's word, e.g. a web chat visitor the agent recognised. */
cdpRoutes.post('/profiles/:id/merge', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const { other_profile_id: otherProfileId } = await readJson(c, manualMergeSchema);
  if (otherProfileId === profileId) throw validationError([{ name: 'other_profile_id', reason: 'must be another profile than the one in the path' }]);
  const result = await mergeProfiles(c.get('runtime').db, { profileId, otherProfileId, actor: actorOf(c) });
  switch (result.kind) {
    case 'not_found': throw notFound(result.profileId);
    case 'erased': throw erasedConflict(result.profileId);
    case 'already_merged': return c.json({ status: 'merged', profile_id: result.profileId });
    case 'merged':
      c.get('logger').info({ mergeId: result.mergeId, profileId: result.profileId, otherProfileId }, 'profiles merged by hand');
      return c.json({ status: 'merged', profile_id: result.profileId, merge_id: result.mergeId }, 201);
  }
});

const timelineQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(50), cursor: z.string().max(500).optional() });
cdpRoutes.get('/profiles/:id/timeline', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const query = readQuery(c, timelineQuerySchema);
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (after === null) throw validationError([{ name: 'cursor', reason: 'is not a cursor returned by this API' }]);
  await ensureProfile(c.get('runtime').db, profileId);
  return c.json(await getTimelinePage(c.get('runtime').db, profileId, { limit: query.limit, ...(after ? { after } : {}) }));
});

/** True for an existing date (no 30 February) between 1900-01-01 and today. */
function isPastCalendarDate(value: string): boolean {
  if (!z.iso.date().safeParse(value).success) return false;
  return value >= '1900-01-01' && value <= new Date().toISOString().slice(0, 10);
}

/** Control and invisible format characters (zero-width space, bidi overrides), never part of a name or city. */
const invisibleCharacters = /[\p{Cc}\p{Cf}]/u;

/** Returns why a value cannot be stored in a profile field, or null when it can. */
function fieldValueProblem(field: (typeof profileFields)[number], value: string): string | null {
  if (value === '') return 'is empty; send null to clear the field';
  if (invisibleCharacters.test(value)) return 'contains a control or invisible character; remove it';
  if (field === 'birthday' && !isPastCalendarDate(value)) return 'a birthday must be a past calendar date written YYYY-MM-DD';
  if (field === 'locale' && !/^[a-z]{2,3}(-[A-Z]{2})?$/.test(value)) return 'a locale must be a language code such as id, en or id-ID';
  return null;
}

const fieldSchema = z.object({ field: z.enum(profileFields), value: z.string().trim().max(200).nullable() });
cdpRoutes.post('/profiles/:id/fields', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const body = await readJson(c, fieldSchema);
  const invalid = body.value === null ? null : fieldValueProblem(body.field, body.value);
  if (invalid) throw validationError([{ name: 'value', reason: invalid }]);
  await ensureProfile(c.get('runtime').db, profileId);
  const surviving = await recordProfileField(c.get('runtime').db, {
    profileId, field: body.field, value: body.value, source: 'manual', actor: actorOf(c),
  });
  return c.json({ field: body.field, value: surviving.value, source: surviving.source });
});

const consentSchema = z.object({
  purpose: z.enum(consentPurposes), channel: z.string().trim().min(1).max(64), granted: z.boolean(), source: z.string().trim().min(1).max(64),
});
cdpRoutes.post('/profiles/:id/consents', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const body = await readJson(c, consentSchema);
  await ensureProfile(c.get('runtime').db, profileId);
  await recordConsent(c.get('runtime').db, { profileId, ...body, actor: actorOf(c) });
  return c.json({ items: await listConsents(c.get('runtime').db, profileId) }, 201);
});

cdpRoutes.get('/profiles/:id/consents', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  await ensureProfile(c.get('runtime').db, profileId);
  return c.json({ items: await listConsents(c.get('runtime').db, profileId) });
});

cdpRoutes.get('/profiles/:id/export', staff, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const document = await exportProfileData(c.get('runtime').db, { profileId, actor: actorOf(c) });
  if (!document) throw notFound(profileId);
  c.get('logger').info({ profileId }, 'profile data exported');
  return c.json(document);
});

const erasureSchema = z.object({ reason: z.string().trim().min(1).max(500).optional() });
cdpRoutes.post('/profiles/:id/erasure', owner, async (c) => {
  const profileId = readProfileId(c.req.param('id'));
  const body = await readJson(c, erasureSchema);
  const { db, jobs } = c.get('runtime');
  const request = await requestErasure(db, { profileId, actor: actorOf(c), ...(body.reason ? { reason: body.reason } : {}) });
  if (request.kind === 'not_found') throw notFound(profileId);
  if (request.kind === 'already_erased') throw new AppError('conflict', `Profile ${request.profileId} was already erased at ${request.erasedAt}.`);
  await jobs.enqueue('cdp.erase-profile', { requestId: request.requestId }, { jobId: `cdp.erase-profile:${request.requestId}` });
  c.get('logger').info({ profileId: request.profileId, requestId: request.requestId }, 'erasure requested');
  return c.json({ request_id: request.requestId, profile_id: request.profileId, status: 'queued', due_at: request.dueAt }, 202);
});

cdpRoutes.get('/data-subject-requests/:id', staff, async (c) => {
  const request = await getDataSubjectRequest(c.get('runtime').db, c.req.param('id'));
  if (!request) throw new AppError('not_found', `Data subject request ${c.req.param('id')} does not exist.`);
  return c.json(request);
});

const blockSchema = z.object({ type: z.enum(identityTypes), value: z.string().min(1).max(254), note: z.string().max(200).optional() });
cdpRoutes.post('/identity-blocklist', owner, async (c) => {
  const body = await readJson(c, blockSchema);
  const result = await blockIdentifier(c.get('runtime').db, { type: body.type, value: body.value, actor: actorOf(c), ...(body.note ? { note: body.note } : {}) });
  if (result.kind === 'invalid') throw validationError([{ name: 'value', reason: result.reason }]);
  return c.json({ type: result.type, value: result.value, reason: 'configured' }, 201);
});

cdpRoutes.get('/identity-blocklist', owner, async (c) => c.json({ items: await listBlocklist(c.get('runtime').db) }));

const segmentSchema = z.object({ name: z.string().trim().min(1).max(100), filter: segmentFilterSchema });
cdpRoutes.post('/segments', staff, async (c) => {
  const body = await readJson(c, segmentSchema);
  const result = await saveSegment(c.get('runtime').db, { name: body.name, filter: body.filter, actor: actorOf(c) });
  if (result.kind === 'name_taken') throw new AppError('conflict', `A segment named "${body.name}" already exists.`);
  return c.json({ id: result.id, name: body.name, filter: body.filter }, 201);
});

const segmentPageSchema = z.object({
  limit: z.coerce.number().int().min(1).max(maxSegmentPage).default(100),
  cursor: profileIdSchema.optional(),
});
cdpRoutes.get('/segments/:id/profiles', staff, async (c) => {
  const query = readQuery(c, segmentPageSchema);
  const page = await listSavedSegmentProfiles(c.get('runtime').db, c.req.param('id'), {
    limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}),
  });
  if (!page) throw new AppError('not_found', `Segment ${c.req.param('id')} does not exist.`);
  return c.json({ items: page.items, next_cursor: page.nextCursor });
});

function readProfileId(raw: string): string {
  const parsed = profileIdSchema.safeParse(raw);
  if (!parsed.success) throw validationError([{ name: 'id', reason: parsed.error.issues[0]!.message }]);
  return parsed.data;
}

function notFound(profileId: string): AppError {
  return new AppError('not_found', `Profile ${profileId} does not exist.`);
}

function erasedConflict(profileId: string): AppError {
  return new AppError('conflict', `Profile ${profileId} was erased on the data subject's request, so it cannot be merged.`);
}

async function ensureProfile(db: Parameters<typeof getProfileView>[0], profileId: string): Promise<void> {
  if (!(await profileExists(db, profileId))) throw notFound(profileId);
}

/** Shows the last three characters only: an error body may reach logs. */
function maskValue(value: string): string {
  return `${'*'.repeat(Math.max(0, value.length - 3))}${value.slice(-3)}`;
}
