import bcrypt from 'bcryptjs';
import { eq } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { apiTokens, users, type Role } from './schema.js';
import { createApiToken, hashToken } from './tokens.js';

/** bcrypt cost factor: 2^12 rounds, about a quarter second per hash on a small server core (an estimate). */
const bcryptCost = 12;

export const minPasswordLength = 10;

export type CreateUserResult =
  | { kind: 'created'; userId: string }
  | { kind: 'email_taken' }
  | { kind: 'password_too_short'; minLength: number };

/** Creates a web user with a bcrypt-hashed password. */
export async function createUser(db: Executor, input: { email: string; password: string; role: Role; displayName?: string }): Promise<CreateUserResult> {
  if (input.password.length < minPasswordLength) return { kind: 'password_too_short', minLength: minPasswordLength };
  const passwordHash = await bcrypt.hash(input.password, bcryptCost);
  const userId = newId('usr');
  const inserted = await db.insert(users)
    .values({ id: userId, email: input.email.trim().toLowerCase(), passwordHash, role: input.role, displayName: input.displayName ?? null })
    .onConflictDoNothing()
    .returning({ id: users.id });
  return inserted.length === 0 ? { kind: 'email_taken' } : { kind: 'created', userId };
}

export type SignInResult = { kind: 'signed_in'; userId: string; role: Role; token: string } | { kind: 'invalid_credentials' };

// A hash compared against when the e-mail is unknown, so that both failures take the same time. It is
// made on first use because hashing at import would slow every start by one bcrypt round.
let unknownUserHash: Promise<string> | undefined;

/**
 * Checks an e-mail and password and, when they match, creates a fresh API token with the user's role
 * for the browser session. The token stays valid until `signOut` revokes it.
 */
export async function signIn(db: Executor, email: string, password: string): Promise<SignInResult> {
  const rows = await db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).limit(1);
  const user = rows[0];
  unknownUserHash ??= bcrypt.hash('satu-unknown-user', bcryptCost);
  const matches = await bcrypt.compare(password, user?.passwordHash ?? (await unknownUserHash));
  if (!user || !matches) return { kind: 'invalid_credentials' };

  const { token } = await createApiToken(db, { name: `web session of ${user.id}`, role: user.role });
  await db.update(users).set({ lastSignInAt: new Date() }).where(eq(users.id, user.id));
  return { kind: 'signed_in', userId: user.id, role: user.role, token };
}

/** Revokes the session token, so that the cookie no longer authenticates. */
export async function signOut(db: Executor, token: string): Promise<void> {
  await db.update(apiTokens).set({ revokedAt: new Date() }).where(eq(apiTokens.tokenHash, hashToken(token)));
}
