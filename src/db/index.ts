export { newId } from './ids.js';
export { DataDirInUseError } from './data-dir-lock.js';
export { openDatabase, openPglite, openPostgres, queryRows, migrationsFolder } from './client.js';
export type { Database, Db, Tx, Executor, Schema } from './client.js';
