import { createHash, randomBytes } from 'node:crypto';
import { and, eq, isNull } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { apiTokens, type Role } from './schema.js';

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return `satu_${randomBytes(24).toString('base64url')}`;
}

export interface Principal {
  tokenId: string;
  role: Role;
  name: string;
}

/** Finds the unrevoked token with this value. Tokens are compared by hash, so timing reveals nothing. */
export async function authenticateToken(db: Executor, token: string): Promise<Principal | null> {
  const rows = await db
    .select({ id: apiTokens.id, role: apiTokens.role, name: apiTokens.name })
    .from(apiTokens)
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt)))
    .limit(1);
  const row = rows[0];
  return row ? { tokenId: row.id, role: row.role, name: row.name } : null;
}

export async function createApiToken(db: Executor, input: { name: string; role: Role; token?: string }): Promise<{ id: string; token: string }> {
  const token = input.token ?? generateToken();
  const id = newId('tok');
  await db.insert(apiTokens).values({ id, name: input.name, role: input.role, tokenHash: hashToken(token) }).onConflictDoNothing();
  return { id, token };
}

/**
 * Makes sure an owner token exists at start-up. With SATU_API_TOKEN set, that value is registered;
 * otherwise a token is generated on the first start only and returned so the caller can print it once.
 */
export async function ensureOwnerToken(db: Executor, configured: string | undefined): Promise<{ generated?: string }> {
  if (configured) {
    await createApiToken(db, { name: 'SATU_API_TOKEN', role: 'owner', token: configured });
    return {};
  }
  const existing = await db.select({ id: apiTokens.id }).from(apiTokens).where(eq(apiTokens.role, 'owner')).limit(1);
  if (existing.length > 0) return {};
  const { token } = await createApiToken(db, { name: 'generated on first start', role: 'owner' });
  return { generated: token };
}
