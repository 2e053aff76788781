// Identity resolution on real PostgreSQL: claims per second of a bulk backfill of a realistic claim stream
// (phones written in several forms, shared family numbers, the shop's own number typed on 1.5% of POS
// receipts), the time of a full recompute from the stored links, p50/p99 latency of single live
// resolutions afterwards, and live claims per second with concurrent writers.
// Needs DATABASE_URL (a role that may create databases).
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- cdp
// BENCH_CDP_KEEP_DB=1 keeps the database afterwards (its name is printed), to rerun a recompute on it.
// BENCH_CDP_CLAIMS sets the claim count (default 100000; the full-size run is 1000000, people = 30% of claims).
// BENCH_CDP_LIVE_SAMPLES (default 2000) live resolutions are timed after BENCH_CDP_WARMUP (default 200) untimed ones.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import v8 from 'node:v8';
import vm from 'node:vm';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { backfillIdentityClaims, recomputeIdentityGraph, resolveIdentityClaims, type ResolveInput } from '../src/cdp/index.js';
import { openPostgres, queryRows } from '../src/db/index.js';
import { claimStream, shopNumberE164 } from '../test/cdp/claim-stream.js';

const claimCount = Number(process.env.BENCH_CDP_CLAIMS ?? 100_000);
const peopleCount = Math.max(10, Math.round(claimCount * 0.3));
const concurrentClaims = Number(process.env.BENCH_CDP_CONCURRENT_CLAIMS ?? 2_000);
const liveSamples = Number(process.env.BENCH_CDP_LIVE_SAMPLES ?? 2_000);
const warmupClaims = Number(process.env.BENCH_CDP_WARMUP ?? 200);
const keepDatabase = process.env.BENCH_CDP_KEEP_DB === '1';
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL role that may create databases.');
  process.exit(1);
}

/** Runs a full garbage collection (the flag is set at run time, so the bench needs no node option). */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

const name = `satu_bench_cdp_${randomBytes(4).toString('hex')}`;
const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openPostgres(url.toString(), { maxConnections: 4 });
try {
  await database.migrate();
  const next = claimStream({ people: peopleCount, seed: 42 });
  const startedAt = Date.UTC(2026, 0, 1);
  let claims: ResolveInput[] | null = Array.from({ length: claimCount }, (_, index) => ({
    ...next(), observedAt: new Date(startedAt + index * 1000), actor: 'bench',
  }));
  const loadStarted = performance.now();
  const backfill = await backfillIdentityClaims(database.db, claims);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  if (backfill.kind !== 'loaded') throw new Error('backfill refused: the bench database is not empty');
  claims = null;

  collectGarbage();
  const recomputeStarted = performance.now();
  const recompute = await recomputeIdentityGraph(database.db);
  const recomputeMs = performance.now() - recomputeStarted;

  // The million claims and the recompute's graph are garbage now. Collecting them here keeps a full
  // collection of a multi-gigabyte heap out of the latency samples below.
  collectGarbage();

  // Unmeasured claims first: each pooled connection compiles the claim functions and caches their plans
  // on its first calls, which takes milliseconds once per connection.
  for (let index = 0; index < warmupClaims; index += 1) {
    await resolveIdentityClaims(database.db, { ...next(index % 4 === 0 ? peopleCount * 4 + index : undefined), actor: 'bench' });
  }
  const latencies: number[] = [];
  for (let index = 0; index < liveSamples; index += 1) {
    const claim = next(index % 4 === 0 ? peopleCount + index : undefined);
    const started = performance.now();
    await resolveIdentityClaims(database.db, { ...claim, actor: 'bench' });
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  const writers = 4;
  const concurrentStarted = performance.now();
  await Promise.all(Array.from({ length: writers }, async (_, writer) => {
    for (let index = writer; index < concurrentClaims; index += writers) {
      await resolveIdentityClaims(database.db, { ...next(index % 3 === 0 ? peopleCount * 2 + index : undefined), actor: 'bench' });
    }
  }));
  const concurrentSeconds = (performance.now() - concurrentStarted) / 1000;

  const counts = (await queryRows<Record<string, string>>(database.db, sql`
    select (select count(*) from profiles where merged_into is null) as profiles,
           (select count(*) from identities) as identities,
           (select count(*) from profile_merges) as merges,
           (select count(*) from merge_candidates) as candidates,
           (select count(*) from identities where value = ${shopNumberE164}) as shop_number_holders,
           (select count(*) from identity_blocklist where reason = 'quarantine') as quarantined,
           (select count(*) from identity_blocklist where value = ${shopNumberE164} and reason = 'quarantine') as shop_number_quarantined,
           (select max(n) from (select count(*) n from identities i join profiles p on p.id = i.profile_id group by p.canonical_id) s) as largest_profile
  `))[0]!;

  console.log(`PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`${claimCount} claims for ${peopleCount} people (BENCH_CDP_CLAIMS), loaded with backfillIdentityClaims\n`);
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| bulk backfill: claims per second (normalise, replay, write) | ${(claimCount / loadSeconds).toFixed(0)} |`);
  console.log(`| bulk backfill: total (s) | ${loadSeconds.toFixed(1)} |`);
  console.log(`| bulk backfill: normalise / replay / write (ms) | ${backfill.timings.prepareMs} / ${backfill.timings.replayMs} / ${backfill.timings.writeMs} |`);
  console.log(`| full recompute of ${recompute.identities} identities (ms) | ${recomputeMs.toFixed(0)} |`);
  console.log(`| full recompute: load links / replay ${recompute.claims} claims / compare (ms) | ${recompute.load_ms} / ${recompute.replay_ms} / ${recompute.compare_ms} |`);
  console.log(`| recompute differences | ${recompute.differences.length} |`);
  console.log(`| live resolution p50 (ms), ${liveSamples} samples after ${warmupClaims} unmeasured | ${percentile(latencies, 0.5).toFixed(2)} |`);
  console.log(`| live resolution p99 (ms) | ${percentile(latencies, 0.99).toFixed(2)} |`);
  console.log(`| live claims per second, ${writers} concurrent writers, ${concurrentClaims} claims | ${(concurrentClaims / concurrentSeconds).toFixed(0)} |`);
  console.log(`| canonical profiles | ${counts.profiles} |`);
  console.log(`| identities | ${counts.identities} |`);
  console.log(`| merges / merge candidates | ${counts.merges} / ${counts.candidates} |`);
  console.log(`| largest profile (identities) | ${counts.largest_profile} |`);
  console.log(`| quarantined identifiers | ${counts.quarantined} |`);
  console.log(`| shop number holders / quarantined | ${counts.shop_number_holders} / ${counts.shop_number_quarantined} |`);
} finally {
  await database.close();
  if (keepDatabase) {
    console.log(`kept database ${name} (BENCH_CDP_KEEP_DB=1)`);
    await admin.end();
    process.exit(0);
  }
  // A plain drop once the pool's sessions have gone; forcing it would kill a closing session mid-goodbye.
  for (let attempt = 0; ; attempt += 1) {
    try {
      await admin.query(`drop database if exists ${name}`);
      break;
    } catch (error) {
      if (attempt >= 20) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  await admin.end();
}
