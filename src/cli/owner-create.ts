import { parseArgs } from 'node:util';
import { createUser } from '../auth/index.js';
import { loadConfig } from '../config/index.js';
import { DataDirInUseError, openDatabase } from '../db/index.js';

const usage = 'Usage: npm run owner:create -- --email owner@example.com [--name "Ibu Sari"] [--role owner|agent] (the password is read from the first line of standard input)';

const { values } = parseArgs({ options: { email: { type: 'string' }, name: { type: 'string' }, role: { type: 'string', default: 'owner' } } });
if (values.role !== 'owner' && values.role !== 'agent') {
  process.stderr.write(`Invalid --role "${values.role}". ${usage}\n`);
  process.exit(2);
}
const role = values.role;
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
const database = await openDatabase(config).catch((error: unknown) => {
  if (!(error instanceof DataDirInUseError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
});
await database.migrate();
const result = await createUser(database.db, { email: values.email, password, role, ...(values.name ? { displayName: values.name } : {}) });
await database.close();

if (result.kind === 'password_too_short') {
  process.stderr.write(`The password is too short: use at least ${result.minLength} characters.\n`);
  process.exit(2);
}
if (result.kind === 'email_taken') {
  process.stderr.write(`A user with the e-mail ${values.email} already exists.\n`);
  process.exit(1);
}
const signInAt = role === 'owner' ? '/dashboard' : '/dashboard/sign-in, then open /api/inbox';
process.stdout.write(`${role === 'owner' ? 'Owner' : 'Agent'} account ${values.email} created; sign in at ${signInAt}.\n`);
