import { Hono, type Context } from 'hono';
import { accepts } from 'hono/accepts';
import { z } from 'zod';
import { adjustLoyaltyPoints, decodeCursor, getLoyaltyPage, profileExists } from '../../cdp/index.js';
import { AppError, validationError } from '../../errors.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';

export const loyaltyRoutes = new Hono<AppEnv>();

type Locale = 'id' | 'en';

/** Largest number of points one adjustment may add or take. */
const maxAdjustmentPoints = 1_000_000_000;

/** Problem texts of the loyalty routes, in Indonesian (the default) and English. */
const messages = {
  id: {
    profileId: 'harus berupa id profil (prf_…)',
    points: `harus bilangan bulat selain 0, dari -${maxAdjustmentPoints} sampai ${maxAdjustmentPoints}`,
    redeemedPoints: 'penukaran poin harus negatif (poin yang dipakai)',
    note: 'wajib diisi: tulis alasan perubahan poin (1 sampai 500 karakter)',
    kind: 'harus "adjustment" atau "redeemed"',
    limit: 'harus bilangan bulat dari 1 sampai 200',
    cursor: 'bukan cursor dari API ini',
    notFound: (id: string) => `Profil ${id} tidak ditemukan.`,
    erased: (id: string) => `Profil ${id} sudah dihapus atas permintaan pemilik data, jadi poinnya tidak bisa diubah.`,
    insufficient: (id: string, balance: number, points: number) =>
      `Saldo poin profil ${id} hanya ${balance}, jadi ${points} poin akan membuatnya negatif. Tidak ada yang diubah.`,
    pointsOverBalance: (balance: number) => `melebihi saldo ${balance} poin`,
  },
  en: {
    profileId: 'must be a profile id (prf_…)',
    points: `must be a whole number other than 0, from -${maxAdjustmentPoints} to ${maxAdjustmentPoints}`,
    redeemedPoints: 'a redemption must be negative (the points spent)',
    note: 'is required: say why the points change (1 to 500 characters)',
    kind: 'must be "adjustment" or "redeemed"',
    limit: 'must be a whole number from 1 to 200',
    cursor: 'is not a cursor returned by this API',
    notFound: (id: string) => `Profile ${id} does not exist.`,
    erased: (id: string) => `Profile ${id} was erased on the data subject's request, so its points cannot change.`,
    insufficient: (id: string, balance: number, points: number) =>
      `Profile ${id} has a balance of ${balance} points, so ${points} points would take it below zero. Nothing was changed.`,
    pointsOverBalance: (balance: number) => `exceeds the balance of ${balance} points`,
  },
} as const;

/**
 * Picks the language of the problem texts from the Accept-Language header by its primary subtag (so
 * `id-ID` counts as `id`), falling back to the shop's default language.
 */
function localeOf(c: Context<AppEnv>): Locale {
  return accepts(c, {
    header: 'Accept-Language',
    supports: ['id', 'en'],
    default: c.get('runtime').config.SATU_DEFAULT_LOCALE,
    match: (ranges, config) => {
      const sorted = [...ranges].filter((range) => range.q > 0).sort((a, b) => b.q - a.q);
      const found = sorted.map((range) => range.type.toLowerCase().split('-')[0]!).find((tag) => config.supports.includes(tag));
      return found ?? config.default;
    },
  }) as Locale;
}

function readProfileId(raw: string, locale: Locale): string {
  const parsed = z.string().regex(/^prf_[0-9a-z]{16}$/).safeParse(raw);
  if (!parsed.success) throw validationError([{ name: 'id', reason: messages[locale].profileId }]);
  return parsed.data;
}

const staff = requireAuth(['owner', 'agent']);
const actorOf = (c: Context<AppEnv>) => `${c.get('principal').role}:${c.get('principal').tokenId}`;

function pageQuerySchema(locale: Locale) {
  return z.object({
    limit: z.coerce.number({ error: messages[locale].limit }).int({ error: messages[locale].limit })
      .min(1, { error: messages[locale].limit }).max(200, { error: messages[locale].limit }).default(50),
    cursor: z.string().max(500, { error: messages[locale].cursor }).optional(),
  });
}

/** The balance summed over every profile merged into this one, and its entries newest first. */
loyaltyRoutes.get('/profiles/:id/loyalty', staff, async (c) => {
  const locale = localeOf(c);
  const profileId = readProfileId(c.req.param('id'), locale);
  const query = readQuery(c, pageQuerySchema(locale));
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  if (after === null) throw validationError([{ name: 'cursor', reason: messages[locale].cursor }]);
  const db = c.get('runtime').db;
  if (!(await profileExists(db, profileId))) throw new AppError('not_found', messages[locale].notFound(profileId));
  return c.json(await getLoyaltyPage(db, profileId, { limit: query.limit, ...(after ? { after } : {}) }));
});

function adjustmentSchema(locale: Locale) {
  const text = messages[locale];
  return z.object({
    kind: z.enum(['adjustment', 'redeemed'], { error: text.kind }).default('adjustment'),
    points: z.number({ error: text.points }).int({ error: text.points })
      .min(-maxAdjustmentPoints, { error: text.points }).max(maxAdjustmentPoints, { error: text.points })
      .refine((points) => points !== 0, { error: text.points }),
    note: z.string({ error: text.note }).trim().min(1, { error: text.note }).max(500, { error: text.note }),
  }).refine((body) => body.kind !== 'redeemed' || body.points < 0, { error: text.redeemedPoints, path: ['points'] });
}

/** Adds or takes points by hand, or redeems them; the balance may not go below zero. */
loyaltyRoutes.post('/profiles/:id/loyalty/adjustments', staff, async (c) => {
  const locale = localeOf(c);
  const profileId = readProfileId(c.req.param('id'), locale);
  const body = await readJson(c, adjustmentSchema(locale));
  const result = await adjustLoyaltyPoints(c.get('runtime').db, { profileId, ...body, actor: actorOf(c) });
  switch (result.kind) {
    case 'not_found':
      throw new AppError('not_found', messages[locale].notFound(profileId));
    case 'erased':
      throw new AppError('conflict', messages[locale].erased(profileId));
    case 'insufficient_balance':
      throw new AppError('conflict', messages[locale].insufficient(result.profileId, result.balance, body.points), {
        balance: result.balance,
        invalid_fields: [{ name: 'points', reason: messages[locale].pointsOverBalance(result.balance) }],
      });
    case 'recorded':
      c.get('logger').info({ profileId: result.profileId, entryId: result.entry.id, kind: result.entry.kind, points: result.entry.points }, 'loyalty points adjusted');
      return c.json({ profile_id: result.profileId, balance: result.balance, entry: result.entry }, 201);
  }
});
