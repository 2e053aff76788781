// KPI report time on real PostgreSQL for a 90-day period over BENCH_ORDERS orders (default 1,000,000)
// from BENCH_CUSTOMERS customers (default 200,000) spread over two years, with one line per order and
// a conversation of three messages for every fourth order. The data is generated in SQL into a new
// database, which is dropped at the end. Order KPIs read daily rollup tables that each report brings
// up to date by recomputing the days triggers marked dirty (customer figures read one row per day and
// member profile with a bit mask of channels, mapped to canonical customers on read); inbox figures
// read per-conversation facts kept the same way; consistency reads the base tables. Timed: the first
// report (full rollup build), warm reports, and a report after 1,000 new orders on the last day (one
// dirty day).
//
// Needs DATABASE_URL (a role that may create databases).
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- analytics
import { randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { computeKpiReport, computePredictedClv } from '../src/analytics/index.js';
import { computeConsistency } from '../src/analytics/kpis/consistency.js';
import { computeCustomerFiguresForPeriods } from '../src/analytics/kpis/customers.js';
import { computeFulfillment } from '../src/analytics/kpis/fulfillment.js';
import { computeInbox } from '../src/analytics/kpis/inbox.js';
import { computeOversell } from '../src/analytics/kpis/oversell.js';
import { computeSales } from '../src/analytics/kpis/sales.js';
import { previousPeriod } from '../src/analytics/period.js';
import { openPostgres, type Db } from '../src/db/index.js';

const orderCount = Number(process.env.BENCH_ORDERS ?? 1_000_000);
const customerCount = Number(process.env.BENCH_CUSTOMERS ?? 200_000);
const runs = Number(process.env.BENCH_RUNS ?? 5);
// The CLV fit takes seconds, so it runs fewer times.
// NOTE: off by default because on these uniform generated histories the BG/NBD prediction's 2F1 series
// can run for minutes per customer; set BENCH_CLV_RUNS=1 to time it anyway.
const clvRuns = Number(process.env.BENCH_CLV_RUNS ?? 0);
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server (a role that may create databases).');
  process.exit(1);
}

async function admin(query: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(query);
  } finally {
    await client.end();
  }
}

/** Generates the shop: 8 channels, 3 locations, one variant, orders over 730 days before 2026-03-31. */
async function generateData(db: Db): Promise<void> {
  await db.execute(sql`insert into channels (id, code, name, kind) values
    ('chn_shopee', 'shopee', 'Shopee', 'marketplace'), ('chn_tokopedia', 'tokopedia', 'Tokopedia', 'marketplace'),
    ('chn_tiktok', 'tiktok-shop', 'TikTok Shop', 'marketplace'), ('chn_website', 'website', 'Website', 'website'),
    ('chn_pos_bdg', 'pos-bandung', 'POS Bandung', 'pos'), ('chn_pos_sby', 'pos-surabaya', 'POS Surabaya', 'pos'),
    ('chn_whatsapp', 'whatsapp', 'WhatsApp', 'messaging'), ('chn_instagram', 'instagram', 'Instagram', 'messaging')`);
  await db.execute(sql`insert into locations (id, code, name, kind, city, province) values
    ('loc_wh', 'wh-jakarta', 'Gudang Jakarta', 'warehouse', 'Jakarta', 'DKI Jakarta'),
    ('loc_bdg', 'store-bandung', 'Toko Bandung', 'store', 'Bandung', 'Jawa Barat'),
    ('loc_sby', 'store-surabaya', 'Toko Surabaya', 'store', 'Surabaya', 'Jawa Timur')`);
  await db.execute(sql`insert into products (id, handle, name, category) values ('pro_1', 'kemeja', 'Kemeja', 'kemeja')`);
  await db.execute(sql`insert into variants (id, product_id, sku, base_price) values ('var_1', 'pro_1', 'KMJ-1', 150000)`);

  await db.execute(sql`insert into profiles (id, canonical_id) select 'prf_' || g, 'prf_' || g
    from generate_series(0, ${customerCount - 1}) g`.inlineParams());
  // Channel index 0..5 are selling channels; 4 and 5 are the stores' POS.
  await db.execute(sql`
    insert into orders (id, channel_id, external_id, profile_id, status, fulfillment_type, location_id, cancel_reason,
      total_amount, placed_at, paid_at, ready_at, picked_up_at, shipped_at, cancelled_at)
    select 'ord_' || g, (array['chn_shopee','chn_tokopedia','chn_tiktok','chn_website','chn_pos_bdg','chn_pos_sby'])[1 + g % 6],
      'ext_' || g, 'prf_' || (hashint(g) % ${customerCount}),
      case when g % 50 = 0 then 'cancelled' when g % 97 = 0 then 'cancelled' when g % 5 = 0 then 'paid' else 'delivered' end,
      case when g % 6 >= 4 then 'pos' when g % 10 = 3 then 'bopis' else 'delivery' end,
      case when g % 6 = 4 then 'loc_bdg' when g % 6 = 5 then 'loc_sby' when g % 10 = 3 then 'loc_bdg' end,
      case when g % 50 = 0 then 'out_of_stock' when g % 97 = 0 then 'customer_request' end,
      100000 + (g % 20) * 25000,
      placed, placed + interval '5 minutes',
      case when g % 10 = 3 then placed + (g % 180) * interval '1 minute' end,
      case when g % 10 = 3 then placed + (g % 180 + 120) * interval '1 minute' end,
      case when g % 6 < 4 and g % 10 <> 3 then placed + (g % 2880) * interval '1 minute' end,
      case when g % 50 = 0 or g % 97 = 0 then placed + interval '1 hour' end
    from (select g, timestamptz '2026-03-31 17:00:00+00' - (g::float8 / ${orderCount}) * interval '730 days' as placed
          from generate_series(1, ${orderCount}) g) s`.inlineParams());
  await db.execute(sql`
    insert into order_lines (id, order_id, line_no, variant_id, location_id, quantity, unit_price)
    select 'oln_' || g, 'ord_' || g, 1, 'var_1', case when g % 6 = 4 then 'loc_bdg' when g % 6 = 5 then 'loc_sby' when g % 7 = 0 then 'loc_bdg' else 'loc_wh' end,
      1 + g % 3, (100000 + (g % 20) * 25000) / (1 + g % 3)
    from generate_series(1, ${orderCount}) g`.inlineParams());
  const conversationCount = Math.floor(orderCount / 4);
  await db.execute(sql`
    insert into conversations (id, profile_id, channel, external_thread_id, owner, handoff_reason, status)
    select 'cnv_' || g, 'prf_' || (hashint(g * 4) % ${customerCount}), case when g % 3 = 0 then 'instagram' else 'whatsapp' end,
      'thread_' || g, case when g % 4 = 0 then 'agent' else 'bot' end, case when g % 4 = 0 then 'customer_request' end,
      case when g % 5 = 0 then 'open' else 'resolved' end
    from generate_series(1, ${conversationCount}) g`.inlineParams());
  await db.execute(sql`
    insert into messages (id, conversation_id, profile_id, channel, direction, author, status, sent_at)
    select 'msg_' || g || '_' || k, 'cnv_' || g, 'prf_' || (hashint(g * 4) % ${customerCount}),
      case when g % 3 = 0 then 'instagram' else 'whatsapp' end,
      case when k = 1 then 'inbound' else 'outbound' end,
      case when k = 1 then 'customer' when g % 4 = 0 and k = 3 then 'agent' else 'bot' end,
      case when k = 1 then 'received' else 'sent' end,
      timestamptz '2026-03-31 17:00:00+00' - (g::float8 / ${conversationCount}) * interval '730 days' + (k - 1) * (g % 30) * interval '1 minute'
    from generate_series(1, ${conversationCount}) g cross join generate_series(1, 3) k`.inlineParams());
}

function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function time(work: () => Promise<unknown>, count = runs): Promise<{ first: number; median: number }> {
  const durations: number[] = [];
  for (let run = 0; run < count; run += 1) {
    const started = performance.now();
    await work();
    durations.push(performance.now() - started);
  }
  return { first: durations[0]!, median: median(durations) };
}

const name = `satu_bench_${randomBytes(4).toString('hex')}`;
await admin(`create database ${name}`);
const url = new URL(adminUrl);
url.pathname = `/${name}`;
const database = await openPostgres(url.toString());
try {
  await database.migrate();
  // hashint spreads order numbers over customers without a visible pattern (a 32-bit integer mix).
  await database.db.execute(sql.raw(`create function hashint(x bigint) returns bigint language sql immutable as
    $$ select ((((x * 2654435761) % 4294967296) + 4294967296) % 4294967296) $$`));
  const generateStarted = performance.now();
  // Triggers are off while the history is loaded in bulk; the first report builds all rollups from it.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    await generateData(tx as unknown as Db);
  });
  await database.db.execute(sql`analyze`);
  const generateSeconds = (performance.now() - generateStarted) / 1000;

  const period = { from: '2026-01-01', to: '2026-03-31', timezone: 'Asia/Jakarta' };
  console.log(`Generated in ${generateSeconds.toFixed(1)} s; timing the KPI report.`);
  const build = await time(() => computeKpiReport(database.db, period), 1);
  console.log(`First report (full rollup build) ${Math.round(build.first)} ms; timing warm reports.`);
  const kpis = await time(() => computeKpiReport(database.db, period));
  await database.db.execute(sql`
    insert into orders (id, channel_id, external_id, profile_id, status, fulfillment_type, total_amount, placed_at)
    select 'ord_new_' || g, 'chn_shopee', 'new_' || g, 'prf_' || g, 'paid', 'delivery', 150000,
      timestamptz '2026-03-31 10:00:00+07' + g * interval '1 second'
    from generate_series(1, 1000) g`);
  const incremental = await time(() => computeKpiReport(database.db, period), 1);
  console.log(`KPI report median ${Math.round(kpis.median)} ms; timing each part.`);
  // Each part for one period (customers: both periods, as the report asks in one query), with the
  // session settings the report uses.
  const parts = {
    oversell: computeOversell, sales: computeSales, fulfillment: computeFulfillment, inbox: computeInbox, consistency: computeConsistency,
  };
  const partRows = [];
  const inReportSession = (work: (tx: Db) => Promise<unknown>) => database.db.transaction(async (tx) => {
    await tx.execute(sql`set local jit = off`);
    await tx.execute(sql`set local work_mem = '64MB'`);
    await work(tx as unknown as Db);
  });
  const customerTiming = await time(() => inReportSession((tx) => computeCustomerFiguresForPeriods(tx, [period, previousPeriod(period)])));
  partRows.push({ query: '  customers (both periods)', runs, first_ms: Math.round(customerTiming.first), median_ms: Math.round(customerTiming.median), target_ms: '-' });
  for (const [part, compute] of Object.entries(parts)) {
    const timing = await time(() => inReportSession((tx) => compute(tx, period)));
    partRows.push({ query: `  ${part} (one period)`, runs, first_ms: Math.round(timing.first), median_ms: Math.round(timing.median), target_ms: '-' });
  }
  console.table(partRows);
  const clv = clvRuns > 0 ? await time(() => computePredictedClv(database.db, period), clvRuns) : { first: NaN, median: NaN };

  console.log(`Data: ${orderCount.toLocaleString('en')} orders, ${customerCount.toLocaleString('en')} customers, `
    + `${(orderCount / 4).toLocaleString('en')} conversations (${(orderCount * 3 / 4).toLocaleString('en')} messages), generated in ${generateSeconds.toFixed(1)} s.`);
  console.log('Storage: daily rollup tables refreshed incrementally (dirty days marked by triggers), customers as one row per '
    + 'business day and member profile with a channel bit mask; no materialized views.');
  console.table([
    { query: 'KPI report, first (builds all rollups)', runs: 1, first_ms: Math.round(build.first), median_ms: Math.round(build.median), target_ms: '-' },
    { query: 'KPI report, warm (90 days + previous 90)', runs, first_ms: Math.round(kpis.first), median_ms: Math.round(kpis.median), target_ms: 1000 },
    { query: 'KPI report after 1,000 new orders (1 dirty day)', runs: 1, first_ms: Math.round(incremental.first), median_ms: Math.round(incremental.median), target_ms: 1000 },
    { query: 'predicted CLV (all history, fit + predict)', runs: clvRuns, first_ms: Math.round(clv.first), median_ms: Math.round(clv.median), target_ms: '-' },
  ]);
} finally {
  await database.close();
  if (process.env.BENCH_KEEP_DATABASE) console.log(`Kept database ${name}.`);
  else await admin(`drop database if exists ${name} with (force)`);
}
