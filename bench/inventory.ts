// Reservations per second on real PostgreSQL: through the domain function (createOrder) and through
// the HTTP API (POST /api/orders on a loopback server in this process), for one hot SKU contended by
// 64 concurrent clients and for 10,000 SKUs spread, beside pgbench's rate for a bare single-row
// conditional UPDATE on the same server in the same run. A sell-out round then counts oversells.
//
// Needs DATABASE_URL (a role that may create databases) and pgbench on PATH.
// Run: DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npm run bench -- inventory
// Knobs: BENCH_SECONDS (per scenario, default 5), BENCH_CLIENTS (default 64).
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { createApiToken } from '../src/auth/index.js';
import { loadConfig } from '../src/config/index.js';
import { openPostgres, queryRows, type Db } from '../src/db/index.js';
import { createApp } from '../src/http/app.js';
import { createRateLimits } from '../src/http/rate-limits.js';
import { createOrder } from '../src/inventory/index.js';
import { buildJobCatalog } from '../src/jobs/catalog.js';
import { InProcessQueue } from '../src/jobs/in-process.js';
import { createLogger } from '../src/logger.js';

const seconds = Number(process.env.BENCH_SECONDS ?? 5);
const clients = Number(process.env.BENCH_CLIENTS ?? 64);
const spreadSkus = 10_000;
const adminUrl = process.env.DATABASE_URL;
if (!adminUrl) {
  console.error('Set DATABASE_URL to a PostgreSQL server (a role that may create databases).');
  process.exit(1);
}

async function withAdmin<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(name: string): string {
  const url = new URL(adminUrl!);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs pgbench with a custom script and returns its transactions per second (excluding connection time). */
function pgbenchTps(url: string, script: string, variables: string[] = []): number {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'satu-bench-'));
  const file = path.join(dir, 'script.sql');
  writeFileSync(file, script);
  const output = execFileSync('pgbench', ['-n', '-c', String(clients), '-j', '2', '-T', String(seconds), ...variables, '-f', file, url], { encoding: 'utf8' });
  const match = output.match(/tps = ([\d.]+) \(without initial connection time\)/);
  if (!match) throw new Error(`pgbench printed no tps:\n${output}`);
  return Number(match[1]);
}

async function seed(db: Db): Promise<void> {
  await db.execute(sql`insert into locations (id, code, name, kind, city, province) values
    ('loc_bench_wh', 'WH-BENCH', 'Gudang Bench', 'warehouse', 'Jakarta Timur', 'DKI Jakarta'),
    ('loc_bench_st', 'ST-BENCH', 'Toko Bench', 'store', 'Bandung', 'Jawa Barat')`);
  await db.execute(sql`insert into channels (id, code, name, kind) values ('chn_bench', 'bench', 'Bench', 'website')`);
  await db.execute(sql`insert into channel_locations (channel_id, location_id) values ('chn_bench', 'loc_bench_wh'), ('chn_bench', 'loc_bench_st')`);
  await db.execute(sql`insert into products (id, handle, name, category) values ('prd_bench', 'bench', 'Kaos Bench', 'Kaos')`);
  await db.execute(sql`insert into variants (id, product_id, sku, base_price)
    select 'var_bench_' || g, 'prd_bench', 'BENCH-' || g, 50000 from generate_series(0, ${spreadSkus}) g`);
  // Stock enters through the ledger so that ledger sums equal on hand, as everywhere else.
  await db.execute(sql`insert into stock_ledger (variant_id, location_id, on_hand_delta, reason, actor, source, idempotency_key)
    select 'var_bench_' || g, 'loc_bench_wh', case when g = 0 then 10000000 else 100000 end, 'bench stock', 'bench', 'bench', 'bench-seed-' || g
    from generate_series(0, ${spreadSkus}) g`);
  await db.execute(sql`insert into stock_levels (variant_id, location_id, on_hand)
    select variant_id, location_id, on_hand_delta from stock_ledger where source = 'bench'`);
}

interface Round { attempts: number; reserved: number; refused: number; seconds: number }

/** Runs `clients` concurrent loops of `attempt` until `limitSeconds` pass or `stop` returns true. */
async function runRound(attempt: (client: number, iteration: number) => Promise<boolean>, limitSeconds: number, stop?: () => boolean): Promise<Round> {
  const round = { attempts: 0, reserved: 0, refused: 0, seconds: 0 };
  const deadline = performance.now() + limitSeconds * 1000;
  const started = performance.now();
  await Promise.all(Array.from({ length: clients }, async (_, client) => {
    for (let iteration = 0; performance.now() < deadline && !(stop?.()); iteration += 1) {
      round.attempts += 1;
      if (await attempt(client, iteration)) round.reserved += 1;
      else round.refused += 1;
    }
  }));
  round.seconds = (performance.now() - started) / 1000;
  return round;
}

let orderCounter = 0;
const nextExternalId = () => `bench-${process.pid}-${(orderCounter += 1)}`;
const spreadSku = () => `BENCH-${1 + Math.floor(Math.random() * spreadSkus)}`;

async function main(): Promise<void> {
  const name = `satu_bench_${randomBytes(5).toString('hex')}`;
  await withAdmin(adminUrl!, (client) => client.query(`create database ${name}`));
  const url = databaseUrl(name);
  try {
    const rows: Array<[string, string, number, number]> = [];

    // Raw PostgreSQL limit first, while no Satu pool has connections open.
    await withAdmin(url, async (client) => {
      await client.query('create table bench_stock (id int primary key, on_hand int not null, reserved int not null default 0)');
      await client.query(`insert into bench_stock (id, on_hand) select g, 100000000 from generate_series(1, ${spreadSkus}) g`);
    });
    const conditional = 'update bench_stock set reserved = reserved + 1 where id = :id and on_hand - reserved >= 1;\n';
    const rawHot = pgbenchTps(url, `\\set id 1\n${conditional}`);
    const rawSpread = pgbenchTps(url, `\\set id random(1, ${spreadSkus})\n${conditional}`);

    const database = await openPostgres(url, { maxConnections: clients });
    await database.migrate();
    await seed(database.db);
    const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', SATU_LOAD_DEMO: 'never', DATABASE_URL: url });
    const logger = createLogger('silent');
    const jobs = new InProcessQueue(buildJobCatalog(), { db: database.db, config, logger });
    const app = createApp({ config, database, db: database.db, jobs, logger, rateLimits: createRateLimits({ prefix: 'satu-bench' }) });
    const { token } = await createApiToken(database.db, { name: 'bench', role: 'integration' });
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' });
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

    const viaDomain = async (sku: string) => (await createOrder(database.db, {
      channelCode: 'bench', externalId: nextExternalId(), lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' }, actor: 'bench',
    })).kind === 'created';
    const viaHttp = async (sku: string) => {
      const response = await fetch(`${base}/api/orders`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'bench', external_id: nextExternalId(), lines: [{ sku, quantity: 1 }], fulfillment: { type: 'delivery' } }),
      });
      await response.arrayBuffer();
      return response.status === 201;
    };

    const scenarios: Array<[string, string, () => Promise<boolean>, number]> = [
      ['domain function', `hot SKU, ${clients} clients`, () => viaDomain('BENCH-0'), rawHot],
      ['domain function', `${spreadSkus} SKUs spread`, () => viaDomain(spreadSku()), rawSpread],
      ['HTTP API', `hot SKU, ${clients} clients`, () => viaHttp('BENCH-0'), rawHot],
      ['HTTP API', `${spreadSkus} SKUs spread`, () => viaHttp(spreadSku()), rawSpread],
    ];
    for (const [path, load, attempt, raw] of scenarios) {
      const round = await runRound(attempt, seconds);
      rows.push([path, load, round.reserved / round.seconds, raw]);
    }

    // Sell-out: 500 units of a fresh SKU over two locations. Clients keep ordering until there have been
    // as many refusals as clients (or 10 minutes pass), so the stock runs out under full contention.
    await database.db.execute(sql`insert into variants (id, product_id, sku, base_price) values ('var_bench_last', 'prd_bench', 'BENCH-LAST', 50000)`);
    await database.db.execute(sql`insert into stock_ledger (variant_id, location_id, on_hand_delta, reason, actor, source, idempotency_key)
      values ('var_bench_last', 'loc_bench_wh', 300, 'bench stock', 'bench', 'bench-last', 'bench-last-wh'),
             ('var_bench_last', 'loc_bench_st', 200, 'bench stock', 'bench', 'bench-last', 'bench-last-st')`);
    await database.db.execute(sql`insert into stock_levels (variant_id, location_id, on_hand)
      select variant_id, location_id, on_hand_delta from stock_ledger where source = 'bench-last'`);
    let refusals = 0;
    const sellOut = await runRound(async (client) => {
      const ok = client % 2 === 0 ? await viaDomain('BENCH-LAST') : await viaHttp('BENCH-LAST');
      if (!ok) refusals += 1;
      return ok;
    }, 600, () => refusals >= clients);
    const violations = await queryRows<{ n: number }>(database.db, sql`
      select count(*)::int as n from (
        select s.variant_id, s.location_id from stock_levels s
        left join stock_ledger l on l.variant_id = s.variant_id and l.location_id = s.location_id
        group by s.variant_id, s.location_id, s.on_hand, s.reserved, s.safety_stock
        having s.on_hand < 0 or s.reserved < 0 or s.reserved > s.on_hand - s.safety_stock
            or s.on_hand <> coalesce(sum(l.on_hand_delta), 0) or s.reserved <> coalesce(sum(l.reserved_delta), 0)
      ) bad`);
    const soldOut = sellOut.reserved === 500;
    const oversells = Math.max(0, sellOut.reserved - 500) + Number(violations[0]?.n ?? 0);

    await new Promise((resolve) => server.close(resolve));
    await jobs.close();
    await database.close();

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    console.log(`Reservations per second, ${seconds} s per row, ${clients} concurrent clients, pool ${clients}; ${os.cpus().length} × ${cpu}.`);
    console.log('Each reservation is one order with one line (order row, line, conditional stock update, ledger and outbox rows).');
    console.log('The raw limit is pgbench running one conditional UPDATE per transaction on the same server.\n');
    console.log('| path | load | Satu reservations/s | raw PostgreSQL updates/s | Satu ÷ raw |');
    console.log('| --- | --- | ---: | ---: | ---: |');
    for (const [route, load, rate, raw] of rows) {
      console.log(`| ${route} | ${load} | ${rate.toFixed(0)} | ${raw.toFixed(0)} | ${(rate / raw).toFixed(3)} |`);
    }
    console.log(`\nSell-out of 500 units (half domain, half HTTP): ${sellOut.reserved} reserved, ${sellOut.refused} refused, `
      + `${soldOut ? 'sold out' : 'NOT sold out'}; oversells found: ${oversells}.`);
    if (oversells !== 0 || !soldOut) process.exitCode = 1;
  } finally {
    await withAdmin(adminUrl!, (client) => client.query(`drop database if exists ${name} with (force)`));
  }
}

await main();
