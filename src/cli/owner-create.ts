import { parseArgs } from 'node:util';
import { createUser } from '../auth/index.js';
import { loadConfig } from '../config/index.js';
import { openDatabase } from '../db/index.js';

const usage = 'Usage: npm run owner:create -- --email owner@example.com [--name "Ibu Sari"] (the password is read from the first line of standard input)';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' } } });
if (!values.email || !/^[^@\s]+@[^@\s]+$/.test(values.email)) {
  process.stderr.write(`Missing or invalid --email. ${usage}\n`);
  process.exit(2);
}

/** Reads the password from the first line of standard input, so that it never sits in shell history. */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Password: ');
  let input = '';
  for await (const chunk of process.stdin) {
    input += String(chunk);
    if (input.includes('\n')) break;
  }
  return input.split(/\r?\n/)[0] ?? '';
}

const password = await readPassword();
const config = loadConfig();
const database = await openDatabase(config);
await database.migrate();
const result = await createUser(database.db, { email: values.email, password, role: 'owner', ...(values.name ? { displayName: values.name } : {}) });
await database.close();

if (result.kind === 'password_too_short') {
  process.stderr.write(`The password is too short: use at least ${result.minLength} characters.\n`);
  process.exit(2);
}
if (result.kind === 'email_taken') {
  process.stderr.write(`A user with the e-mail ${values.email} already exists.\n`);
  process.exit(1);
}
process.stdout.write(`Owner account ${values.email} created; sign in at /dashboard.\n`);
