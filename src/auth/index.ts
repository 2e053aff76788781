export { authenticateToken, createApiToken, ensureOwnerToken, generateToken, hashToken } from './tokens.js';
export type { Principal } from './tokens.js';
export { roles, type Role } from './schema.js';
