import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logger.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

function captureLogger(): { logger: ReturnType<typeof createLogger>; output: () => string } {
  const chunks: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  return { logger: createLogger('info', sink), output: () => chunks.join('') };
}

describe('log redaction', () => {
  it('hides failed query parameters', async () => {
    const { logger, output } = captureLogger();
    const error = await runtime.db
      .execute(sql`select ${'SECRETBODY 081298765432'}::int`)
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    logger.error({ err: error }, 'query failed');
    const line = output();
    expect(line).toContain('query failed');
    expect(line).toContain('Failed query');
    expect(line).not.toContain('SECRETBODY');
    expect(line).not.toContain('081298765432');
  });

  it('hides unique violation details', async () => {
    const { logger, output } = captureLogger();
    await runtime.db.execute(sql`create table redaction_probe (phone text primary key)`);
    await runtime.db.execute(sql`insert into redaction_probe values (${'+6281298765432'})`);
    const error = await runtime.db
      .execute(sql`insert into redaction_probe values (${'+6281298765432'})`)
      .then(() => null, (caught: unknown) => caught);
    expect(error).toBeInstanceOf(Error);
    logger.error({ err: error }, 'insert failed');
    expect(output()).not.toContain('6281298765432');
  });

  it('redacts tokens and bodies by key', () => {
    const { logger, output } = captureLogger();
    logger.info({ token: 'satu_abc', body: 'halo kak', nested: { text: 'rahasia' } }, 'event');
    const line = output();
    expect(line).not.toContain('satu_abc');
    expect(line).not.toContain('halo kak');
    expect(line).not.toContain('rahasia');
  });
});
