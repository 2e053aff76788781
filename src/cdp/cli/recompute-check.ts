// Rebuilds the identity graph from the stored claims and reports profiles that differ from the stored
// state. Exit code 1 when any difference is found, 2 when the check could not run. Run: npm run cdp:check
import { loadConfig } from '../../config/index.js';
import { DataDirInUseError } from '../../db/data-dir-lock.js';
import { openDatabase, type Database } from '../../db/index.js';
import { recomputeIdentityGraph } from '../recompute.js';

const config = loadConfig();
let database: Database;
try {
  database = await openDatabase(config);
} catch (error) {
  if (!(error instanceof DataDirInUseError)) throw error;
  console.error(`${error.message}\nStop the server that uses the embedded database, or point DATABASE_URL at PostgreSQL, and run the check again.`);
  process.exit(2);
}
try {
  // A data folder that `npm start` has not opened yet gets its tables, so the check reports an empty graph.
  await database.migrate();
  const report = await recomputeIdentityGraph(database.db);
  console.log(`claims replayed: ${report.claims}`);
  console.log(`identities compared: ${report.identities} (agent decisions that could not be replayed: ${report.skipped})`);
  console.log(`load: ${report.load_ms} ms, replay: ${report.replay_ms} ms, compare: ${report.compare_ms} ms`);
  for (const difference of report.differences) {
    console.log(`differs: ${difference.key} stored with ${difference.stored_with}, rebuilt with ${difference.rebuilt_with}`);
  }
  console.log(report.differences.length === 0 ? 'identity graph agrees with its claims' : `${report.differences.length} identities differ (the first 100 at most are listed)`);
  process.exitCode = report.differences.length === 0 ? 0 : 1;
} finally {
  await database.close();
}
