import { parseArgs } from 'node:util';
import { createApiToken, roles, type Role } from '../auth/index.js';
import { loadConfig } from '../config/index.js';
import { DataDirInUseError, openDatabase } from '../db/index.js';

const usage = 'Usage: npm run token:create -- --role owner|agent|integration [--name "POS Bandung"]';

const { values } = parseArgs({ options: { role: { type: 'string', default: 'owner' }, name: { type: 'string' } } });
if (!roles.includes(values.role as Role)) {
  process.stderr.write(`Invalid --role "${values.role}". ${usage}\n`);
  process.exit(2);
}
const role = values.role as Role;

const config = loadConfig();
const database = await openDatabase(config).catch((error: unknown) => {
  if (!(error instanceof DataDirInUseError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
await database.migrate();
const { token } = await createApiToken(database.db, { name: values.name ?? `${role} token from the CLI`, role });
process.stdout.write(`New ${role} API token (shown once, keep it safe):\n  ${token}\n`);
await database.close();
