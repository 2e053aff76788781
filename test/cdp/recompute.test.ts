import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeProfiles, recomputeIdentityGraph, resolveIdentityClaims, undoMerge } from '../../src/cdp/index.js';
import { openDatabase, queryRows, type Executor } from '../../src/db/index.js';
import { createTestRuntime, type TestRuntime } from '../helpers/runtime.js';
import { profileOf } from './fixtures.js';

let runtime: TestRuntime;
beforeAll(async () => { runtime = await createTestRuntime(); });
afterAll(async () => { await runtime?.close(); });

/** Two customers and a manual merge that an agent later undid, so the recompute replays both decisions. */
async function seedGraph(db: Executor, tag: string) {
  const dewi = profileOf(await resolveIdentityClaims(db, {
    source: 'pos', claims: [{ type: 'phone', value: `0813${tag}1111` }, { type: 'email', value: `dewi.${tag}@toko.id` }],
  }));
  const budi = profileOf(await resolveIdentityClaims(db, {
    source: 'instagram', claims: [{ type: 'instagram_id', value: `ig-budi-${tag}` }, { type: 'email', value: `budi.${tag}@toko.id` }],
  }));
  const merged = await mergeProfiles(db, { profileId: dewi, otherProfileId: budi, actor: 'agent' });
  if (merged.kind !== 'merged') throw new Error('manual merge failed');
  await undoMerge(db, { mergeId: merged.mergeId, actor: 'agent', reason: 'different people' });
  await resolveIdentityClaims(db, { source: 'whatsapp', claims: [{ type: 'whatsapp_id', value: `62813${tag}1111` }, { type: 'phone', value: `0813${tag}1111` }] });
  return { dewi, budi };
}

describe('identity graph recompute', () => {
  it('agrees with an untouched graph', async () => {
    await seedGraph(runtime.db, '4400');
    const report = await recomputeIdentityGraph(runtime.db);
    expect(report.differences).toEqual([]);
    expect(report.skipped).toBe(0);
    expect(report.claims).toBe(5);
    expect(report.identities).toBe(5);
  });

  it('reports an identity moved by hand', async () => {
    const { dewi } = await seedGraph(runtime.db, '4401');
    await runtime.db.execute(sql`update identities set profile_id = ${dewi} where value = 'ig-budi-4401'`);
    const report = await recomputeIdentityGraph(runtime.db);
    expect(report.differences).toContainEqual({
      key: 'instagram_id:ig-budi-4401', stored_with: 'email:dewi.4401@toko.id', rebuilt_with: 'email:budi.4401@toko.id',
    });
  });

  it('reports an identity missing from the store', async () => {
    await seedGraph(runtime.db, '4402');
    await runtime.db.execute(sql`delete from identities where value = 'budi.4402@toko.id'`);
    const report = await recomputeIdentityGraph(runtime.db);
    expect(report.differences).toContainEqual({
      key: 'email:budi.4402@toko.id', stored_with: '(not stored)', rebuilt_with: 'email:budi.4402@toko.id',
    });
  });

  it('reports an identity no claim placed', async () => {
    const { budi } = await seedGraph(runtime.db, '4403');
    await runtime.db.execute(sql`
      insert into identities (id, profile_id, type, value, source) values ('idn_forged_4403', ${budi}, 'phone', '+6281344031234', 'pos')`);
    const report = await recomputeIdentityGraph(runtime.db);
    const [budiKeys] = await queryRows<{ label: string }>(runtime.db, sql`
      select min(type || ':' || value) as label from identities where profile_id = ${budi}`);
    expect(report.differences).toContainEqual({ key: 'phone:+6281344031234', stored_with: budiKeys!.label, rebuilt_with: '(no claim)' });
  });
});

describe('cdp:check command', () => {
  it('exits 1 and names the difference', async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'satu-cdp-check-'));
    try {
      const database = await openDatabase({ SATU_DATA_DIR: folder });
      await database.migrate();
      const { dewi } = await seedGraph(database.db, '4404');
      const busy = spawnCheck(folder);
      expect(busy.status).toBe(2);
      expect(busy.stderr).toContain('is in use by process');
      await database.close();
      const clean = spawnCheck(folder);
      expect(clean.stderr).toBe('');
      expect(clean.status).toBe(0);
      expect(clean.stdout).toContain('identity graph agrees with its claims');

      const tampered = await openDatabase({ SATU_DATA_DIR: folder });
      await tampered.db.execute(sql`update identities set profile_id = ${dewi} where value = 'ig-budi-4404'`);
      await tampered.close();
      const result = spawnCheck(folder);
      expect(result.status).toBe(1);
      expect(result.stdout).toContain('differs: instagram_id:ig-budi-4404 stored with email:dewi.4404@toko.id');
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  }, 60_000);
});

/** Runs the command behind `npm run cdp:check` on an embedded data folder. */
function spawnCheck(folder: string) {
  const { DATABASE_URL: _ignored, ...env } = process.env;
  const result = spawnSync('npx', ['tsx', 'src/cdp/cli/recompute-check.ts'], {
    env: { ...env, SATU_DATA_DIR: folder }, encoding: 'utf8', timeout: 50_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}
