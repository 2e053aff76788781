import { z } from 'zod';
import { addDays, businessDayOf, markDailySummaryDelivery, prepareDailySummary, type DailySummary } from '../../analytics/index.js';
import { sendThroughChannel, type OutboundContent } from '../../channels/index.js';
import type { Config } from '../../config/index.js';
import type { Logger } from '../../logger.js';
import { maskPhone } from '../../logger.js';
import type { JobContext, JobDefinition, JobQueue } from '../types.js';

export const dailySummaryJobName = 'analytics.daily-summary';

const dailySummaryPayload = z.object({
  /** Business day to summarise; the scheduled run leaves it out and takes yesterday. */
  businessDay: z.iso.date().optional(),
  /** True for the scheduled run, which enqueues the next morning's run when it ends. */
  scheduled: z.boolean().default(false),
});

const hourMs = 3_600_000;

/** Milliseconds from `now` to the next `hour`:00 in `timezone`, and the business day of that moment. */
export function nextDailyRun(now: Date, timezone: string, hour: number): { delayMs: number; runDay: string } {
  const today = businessDayOf(now, timezone);
  // The zone's offset at `now`, from the wall-clock time there; zones with DST shift by an hour at most.
  const wallClock = new Date(now.toLocaleString('en-US', { timeZone: timezone }));
  const offsetMs = Math.round((wallClock.getTime() - now.getTime() + now.getMilliseconds()) / 60_000) * 60_000;
  const runAt = (day: string) => Date.parse(`${day}T00:00:00Z`) + hour * hourMs - offsetMs;
  const runDay = runAt(today) > now.getTime() ? today : addDays(today, 1);
  return { delayMs: runAt(runDay) - now.getTime(), runDay };
}

/** Enqueues the next scheduled daily summary; its deterministic job id makes a repeat a no-op. */
export async function scheduleDailySummary(jobs: JobQueue, config: Config, now = new Date()): Promise<void> {
  const { delayMs, runDay } = nextDailyRun(now, config.SATU_TIMEZONE, config.SATU_DAILY_SUMMARY_HOUR);
  await jobs.enqueue(dailySummaryJobName, { scheduled: true }, { jobId: `${dailySummaryJobName}:${runDay}`, delayMs });
}

function summaryContent(summary: DailySummary, config: Config): OutboundContent {
  if (!config.SATU_DAILY_SUMMARY_TEMPLATE) return { type: 'text', text: summary.textId };
  // Template parameters may not contain line breaks.
  const parameter = summary.textId.split('\n').join(' · ');
  return {
    type: 'template',
    name: config.SATU_DAILY_SUMMARY_TEMPLATE,
    language: 'id',
    components: [{ type: 'body', parameters: [{ type: 'text', text: parameter }] }],
  };
}

async function deliverDailySummary(summary: DailySummary, context: JobContext, logger: Logger): Promise<void> {
  const owner = context.config.SATU_OWNER_WHATSAPP;
  if (!owner) return;
  const result = await sendThroughChannel(context.config, {
    channel: 'whatsapp',
    threadId: owner,
    content: summaryContent(summary, context.config),
    messageId: summary.id,
  });
  if (result.kind === 'sent') {
    await markDailySummaryDelivery(context.db, summary.id, 'sent', `WhatsApp message ${result.externalId}`);
    logger.info({ to: maskPhone(owner) }, 'daily summary sent');
    return;
  }
  if (result.kind === 'deferred') return;
  if (result.retryable) throw new Error(`daily summary delivery failed, will retry: ${result.reason}`);
  await markDailySummaryDelivery(context.db, summary.id, 'failed', result.reason);
  logger.warn({ to: maskPhone(owner), reason: result.reason }, 'daily summary delivery failed');
}

const dailySummaryJob: JobDefinition<typeof dailySummaryPayload> = {
  name: dailySummaryJobName,
  payload: dailySummaryPayload,
  attempts: 5,
  backoffMs: 60_000,
  timeoutMs: 120_000,
  async handle(payload, context) {
    const timezone = context.config.SATU_TIMEZONE;
    const businessDay = payload.businessDay ?? addDays(businessDayOf(new Date(), timezone), -1);
    const logger = context.logger.child({ job: dailySummaryJobName, businessDay });
    const { summary } = await prepareDailySummary(context.db, businessDay, timezone);
    if (summary.deliveryStatus !== 'sent') await deliverDailySummary(summary, context, logger);
    if (payload.scheduled) await scheduleDailySummary(context.jobs, context.config);
  },
};

export const analyticsJobs: JobDefinition[] = [dailySummaryJob as unknown as JobDefinition];
