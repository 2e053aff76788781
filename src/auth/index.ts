export { authenticateToken, createApiToken, ensureOwnerToken, generateToken, hashToken } from './tokens.js';
export type { Principal } from './tokens.js';
export { roles, type Role } from './schema.js';
export { createUser, minPasswordLength, signIn, signOut, type CreateUserResult, type SignInResult } from './users.js';
