// Identity resolution on real PostgreSQL: claims per second through resolveIdentityClaims while loading a
// realistic claim stream (phones written in several forms, shared family numbers, the shop's own number
// typed on 1.5% of POS receipts), the time of a full recompute from the stored claims, and p50/p99
// latency of single live resolutions afterwards.
// Needs DATABASE_URL (a role that may create databases).
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- cdp
// BENCH_CDP_CLAIMS sets the claim count (default 5000; the full-size run is 1000000, with people = 30% of claims).
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { recomputeIdentityGraph, resolveIdentityClaims, type IdentityClaim } from '../src/cdp/index.js';
import { openPostgres, queryRows } from '../src/db/index.js';

const claimCount = Number(process.env.BENCH_CDP_CLAIMS ?? 5_000);
const peopleCount = Math.max(10, Math.round(claimCount * 0.3));
const liveSamples = Number(process.env.BENCH_CDP_LIVE_SAMPLES ?? 500);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL role that may create databases.');
  process.exit(1);
}

/** Deterministic pseudo-random numbers (mulberry32), so every run loads the same claims. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const next = random(42);
const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)]!;
const shopNumber = '022-4231-234';

function phoneOf(person: number): string {
  // Families: every 25th person shares the previous person's number.
  const owner = person % 25 === 0 && person > 0 ? person - 1 : person;
  return `81${String(2_000_000 + owner).padStart(8, '0')}`;
}

function writtenForm(subscriber: string): string {
  return pick([`0${subscriber}`, `+62 ${subscriber.slice(0, 3)} ${subscriber.slice(3, 7)} ${subscriber.slice(7)}`, `62${subscriber}`, subscriber,
    `0${subscriber.slice(0, 3)}-${subscriber.slice(3, 7)}-${subscriber.slice(7)}`]);
}

/** One observation of a person on a channel, as the channel would report it. */
function claimFor(person: number): { source: string; claims: IdentityClaim[] } {
  const phone = writtenForm(phoneOf(person));
  const channel = pick(['pos', 'pos', 'whatsapp', 'whatsapp', 'instagram', 'website', 'shopee']);
  switch (channel) {
    case 'pos': {
      const typed = next() < 0.015 ? shopNumber : phone;
      return { source: 'pos-bandung', claims: [{ type: 'pos_member_id', value: `M${person}` }, { type: 'phone', value: typed }] };
    }
    case 'whatsapp':
      return { source: 'whatsapp', claims: [{ type: 'whatsapp_id', value: `62${phoneOf(person)}` }] };
    case 'instagram':
      return { source: 'instagram', claims: [{ type: 'instagram_id', value: `ig${person}` }, ...(next() < 0.3 ? [{ type: 'email' as const, value: `Orang.${person}@gmail.com` }] : [])] };
    case 'website':
      return { source: 'website', claims: [{ type: 'email', value: `orang${person}+shop@gmail.com` }, { type: 'phone', value: phone }, { type: 'web_visitor_id', value: `v${person}-${Math.floor(next() * 3)}` }] };
    default:
      return { source: 'shopee', claims: [{ type: 'marketplace_buyer_id', value: next() < 0.5 ? `shopee:b${person}` : 'shopee:****1234' }, { type: 'email', value: `orang${person}@gmail.com` }] };
  }
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
  const loadStarted = performance.now();
  for (let index = 0; index < claimCount; index += 1) {
    const claim = claimFor(Math.floor(next() * peopleCount));
    await resolveIdentityClaims(database.db, { ...claim, actor: 'bench' });
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;

  const recompute = await recomputeIdentityGraph(database.db);

  const latencies: number[] = [];
  for (let index = 0; index < liveSamples; index += 1) {
    const person = index % 4 === 0 ? peopleCount + index : Math.floor(next() * peopleCount);
    const claim = claimFor(person);
    const started = performance.now();
    await resolveIdentityClaims(database.db, { ...claim, actor: 'bench' });
    latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);

  const counts = (await queryRows<Record<string, string>>(database.db, sql`
    select (select count(*) from profiles where merged_into is null) as profiles,
           (select count(*) from identities) as identities,
           (select count(*) from profile_merges) as merges,
           (select count(*) from merge_candidates) as candidates,
           (select count(*) from identities where value = '+62224231234') as shop_number_holders,
           (select count(*) from identity_blocklist where value = '+62224231234' and reason = 'quarantine') as shop_number_quarantined,
           (select max(n) from (select count(*) n from identities i join profiles p on p.id = i.profile_id group by p.canonical_id) s) as largest_profile
  `))[0]!;

  console.log(`PostgreSQL ${(await admin.query('show server_version')).rows[0].server_version}, Node ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown CPU'}`);
  console.log(`${claimCount} claims for ${peopleCount} people (BENCH_CDP_CLAIMS), resolved one by one through resolveIdentityClaims\n`);
  console.log('| measure | value |');
  console.log('| --- | ---: |');
  console.log(`| claims per second, sequential load | ${(claimCount / loadSeconds).toFixed(0)} |`);
  console.log(`| full recompute: load claims and identities (ms) | ${recompute.load_ms} |`);
  console.log(`| full recompute: replay ${recompute.claims} claims (ms) | ${recompute.replay_ms} |`);
  console.log(`| recompute differences | ${recompute.differences.length} |`);
  console.log(`| live resolution p50 (ms), ${liveSamples} samples | ${percentile(latencies, 0.5).toFixed(2)} |`);
  console.log(`| live resolution p99 (ms) | ${percentile(latencies, 0.99).toFixed(2)} |`);
  console.log(`| canonical profiles | ${counts.profiles} |`);
  console.log(`| identities | ${counts.identities} |`);
  console.log(`| merges / merge candidates | ${counts.merges} / ${counts.candidates} |`);
  console.log(`| largest profile (identities) | ${counts.largest_profile} |`);
  console.log(`| shop number holders / quarantined | ${counts.shop_number_holders} / ${counts.shop_number_quarantined} |`);
} finally {
  await database.close();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}
