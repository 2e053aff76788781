import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const roles = ['owner', 'agent', 'integration'] as const;
export type Role = (typeof roles)[number];

/** API bearer tokens, stored as SHA-256 hashes; the token itself is shown once. */
export const apiTokens = pgTable('api_tokens', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  role: text('role', { enum: roles }).notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** People who sign in to the web pages; the password is stored as a bcrypt hash. */
export const users = pgTable('users', {
  id: text('id').primaryKey(),
  /** Lower-cased e-mail address used to sign in. */
  email: text('email').notNull().unique(),
  passwordHash: text('password_hash').notNull(),
  role: text('role', { enum: roles }).notNull(),
  displayName: text('display_name'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  lastSignInAt: timestamp('last_sign_in_at', { withTimezone: true }),
});
