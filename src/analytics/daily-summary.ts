import { desc, eq } from 'drizzle-orm';
import { newId, type Executor } from '../db/index.js';
import { computeKpiReport, type KpiReport } from './report.js';
import { dailySummaries } from './schema.js';

export interface DailySummary {
  id: string;
  businessDay: string;
  textId: string;
  textEn: string;
  deliveryStatus: 'stored' | 'sent' | 'failed';
  deliveryDetail: string | null;
  createdAt: Date;
}

const rupiah = (amount: number) => `Rp${new Intl.NumberFormat('id-ID').format(Math.round(amount))}`;
const percentIn = (locale: string) => (value: number | null) =>
  value === null ? '–' : `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value * 100)}%`;

/** Writes the day's figures as a short message in Indonesian and in English. */
export function composeDailySummaryText(report: KpiReport): { id: string; en: string } {
  const day = report.period.from;
  const sales = report.sales;
  const percentId = percentIn('id-ID');
  const percentEn = percentIn('en-US');
  const id = [
    `Ringkasan Satu ${day}`,
    `Penjualan ${rupiah(sales.revenue)} dari ${sales.orders} pesanan (${sales.units} unit); sebelumnya ${rupiah(sales.previous.revenue)}.`,
    `Oversell ${percentId(report.oversell_rate.value)} (${report.oversell_rate.oversold_orders} dari ${report.oversell_rate.orders} pesanan).`,
    `Pelanggan lintas kanal ${percentId(report.cross_channel_customer_rate.value)} dari ${report.cross_channel_customer_rate.customers} pelanggan.`,
    `Percakapan ditangani bot ${percentId(report.bot_containment_rate.value)}.`,
  ].join('\n');
  const en = [
    `Satu summary ${day}`,
    `Sales ${rupiah(sales.revenue)} from ${sales.orders} ${sales.orders === 1 ? 'order' : 'orders'} (${sales.units} ${sales.units === 1 ? 'unit' : 'units'}); day before ${rupiah(sales.previous.revenue)}.`,
    `Oversell ${percentEn(report.oversell_rate.value)} (${report.oversell_rate.oversold_orders} of ${report.oversell_rate.orders} orders).`,
    `Cross-channel customers ${percentEn(report.cross_channel_customer_rate.value)} of ${report.cross_channel_customer_rate.customers} customers.`,
    `Conversations handled by the bot ${percentEn(report.bot_containment_rate.value)}.`,
  ].join('\n');
  return { id, en };
}

/**
 * Computes the KPI report of one business day and stores it with its text. A day already prepared is
 * returned as stored, so a repeated job run sends nothing twice.
 */
export async function prepareDailySummary(db: Executor, businessDay: string, timezone: string): Promise<{ summary: DailySummary; created: boolean }> {
  const existing = await findDailySummary(db, businessDay);
  if (existing) return { summary: existing, created: false };

  const report = await computeKpiReport(db, { from: businessDay, to: businessDay, timezone });
  const text = composeDailySummaryText(report);
  const inserted = await db.insert(dailySummaries).values({
    id: newId('dsm'),
    businessDay,
    report: report as unknown as Record<string, unknown>,
    textId: text.id,
    textEn: text.en,
    deliveryStatus: 'stored',
  }).onConflictDoNothing().returning();
  if (inserted[0]) return { summary: inserted[0], created: true };
  // Another run stored the same day between the read and the insert.
  return { summary: (await findDailySummary(db, businessDay))!, created: false };
}

export async function markDailySummaryDelivery(db: Executor, id: string, status: 'sent' | 'failed', detail: string): Promise<void> {
  await db.update(dailySummaries).set({ deliveryStatus: status, deliveryDetail: detail }).where(eq(dailySummaries.id, id));
}

export async function findDailySummary(db: Executor, businessDay: string): Promise<DailySummary | null> {
  const rows = await db.select().from(dailySummaries).where(eq(dailySummaries.businessDay, businessDay)).limit(1);
  return rows[0] ?? null;
}

/** Lists the latest daily summaries, newest day first. */
export async function listDailySummaries(db: Executor, limit: number): Promise<DailySummary[]> {
  return db.select({
    id: dailySummaries.id,
    businessDay: dailySummaries.businessDay,
    textId: dailySummaries.textId,
    textEn: dailySummaries.textEn,
    deliveryStatus: dailySummaries.deliveryStatus,
    deliveryDetail: dailySummaries.deliveryDetail,
    createdAt: dailySummaries.createdAt,
  }).from(dailySummaries).orderBy(desc(dailySummaries.businessDay)).limit(limit);
}
