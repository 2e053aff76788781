import { loadConfig } from '../config/index.js';
import { openDatabase } from '../db/index.js';

const config = loadConfig();
const database = await openDatabase(config);
await database.migrate();
process.stdout.write(`Migrations applied to ${database.kind === 'postgres' ? 'PostgreSQL' : `PGlite in ${config.SATU_DATA_DIR}`}.\n`);
await database.close();
