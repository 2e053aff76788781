import { z } from 'zod';
import { downloadWhatsappMedia, MediaDownloadError, normaliseInboundEvent, sendThroughChannel, whatsappCredentials, type NormalisedMessage, type OutboundContent } from '../../channels/index.js';
import type { Config } from '../../config/index.js';
import type { Db, Executor } from '../../db/index.js';
import {
  applyDeliveryStatus, customerServiceWindow, findConversation, findMessage, getInboundEvent, listQueuedOutboundMessages,
  listUnprocessedInboundEvents, markInboundEventProcessed, markMessageFailed, markMessageSent, maxStoredMediaBytes,
  receiveCustomerMessage, receiveShopEcho, setConversationOwner, storeMessageMedia, findMessageByExternalId, lockSender, listPendingChannelEvents, type CustomerMessage,
} from '../../inbox/index.js';
import type { Logger } from '../../logger.js';
import type { JobContext, JobDefinition, JobQueue } from '../types.js';

/** Job ids derive from the stored row, so that a repeated enqueue of the same work is a no-op. */
export const inboundJobId = (eventId: number) => `inbound:${eventId}`;
export const outboundJobId = (messageId: string) => `outbound:${messageId}`;

const inboundPayload = z.object({ eventId: z.number().int().positive() });
const outboundPayload = z.object({ messageId: z.string().min(1) });
const mediaPayload = z.object({ messageId: z.string().min(1), channel: z.string().min(1), source: z.string().min(1) });

const inboundAttempts = 8;

/** Tries before a delivery report for an unknown message id is dropped: the send response may still be on its way. */
const statusAttempts = 5;

async function processInboundEvent(payload: z.infer<typeof inboundPayload>, context: JobContext): Promise<void> {
  const { db, logger, jobs } = context;
  const event = await getInboundEvent(db, payload.eventId);
  if (!event || event.processedAt) return;
  const normalised = withPlausibleTime(normaliseInboundEvent(event.channel, event.kind, event.payload), event.receivedAt);

  if (normalised.type === 'ignored') {
    await markInboundEventProcessed(db, event.id, normalised.reason);
    return;
  }

  if (normalised.type === 'status') {
    const applied = await applyDeliveryStatus(db, { channel: event.channel, ...normalised });
    if (!applied && context.attempt < statusAttempts) throw new Error(`no outbound message with external id ${normalised.externalId} yet`);
    await markInboundEventProcessed(db, event.id, applied ? undefined : 'no outbound message with this external id');
    return;
  }

  const input = toCustomerMessage(event.channel, normalised);
  if (normalised.echo) {
    const outcome = await receiveShopEcho(db, input);
    logger.info({ eventId: event.id, echo: outcome.kind }, 'echo recorded');
    await markInboundEventProcessed(db, event.id, outcome.kind === 'rejected' ? outcome.reason : undefined);
    return;
  }

  if (context.attempt >= inboundAttempts) {
    await receiveOnLastTry(event, normalised, input, context);
    return;
  }
  // One sender's messages are processed one at a time and in the order written: the sender's lock is held
  // while earlier pending messages and then this one are stored and answered, and jobs start after commit.
  const followUps = await db.transaction(async (tx) => {
    await lockSender(tx, event.channel, normalised.threadId);
    const work: Array<{ eventId: number; message: NormalisedMessage }> = [...await earlierPendingMessages(tx, event, normalised), { eventId: event.id, message: normalised }];
    const jobsToStart: FollowUp[] = [];
    for (const item of work) {
      const fresh = await getInboundEvent(tx, item.eventId);
      if (!fresh || fresh.processedAt) continue;
      jobsToStart.push(...await receiveInOrder(tx as Db, fresh.id, fresh.channel, item.message, context));
    }
    return jobsToStart;
  });
  for (const job of followUps) await jobs.enqueue(job.name, job.payload, { jobId: job.jobId });
}

type FollowUp = { name: string; payload: Record<string, unknown>; jobId: string };

/** The sender's unprocessed customer messages written before `current`, in the order written. */
async function earlierPendingMessages(db: Executor, event: { id: number; channel: string }, current: NormalisedMessage): Promise<Array<{ eventId: number; message: NormalisedMessage }>> {
  const earlier: Array<{ eventId: number; message: NormalisedMessage }> = [];
  for (const row of await listPendingChannelEvents(db, event.channel, event.id)) {
    const message = withPlausibleTime(normaliseInboundEvent(row.channel, row.kind, row.payload), row.receivedAt);
    if (message.type !== 'message' || message.echo || message.threadId !== current.threadId) continue;
    const before = message.sentAt.getTime() < current.sentAt.getTime() || (message.sentAt.getTime() === current.sentAt.getTime() && row.id < event.id);
    if (before) earlier.push({ eventId: row.id, message });
  }
  return earlier.sort((a, b) => a.message.sentAt.getTime() - b.message.sentAt.getTime() || a.eventId - b.eventId);
}

/** Stores and answers one customer message inside the sender's lock; returns the jobs to start after commit. */
async function receiveInOrder(tx: Db, eventId: number, channel: string, normalised: NormalisedMessage, context: JobContext): Promise<FollowUp[]> {
  const outcome = await receiveCustomerMessage(tx, toCustomerMessage(channel, normalised), context);
  if (outcome.kind === 'rejected') {
    context.logger.warn({ eventId, reason: outcome.reason }, 'inbound message rejected by identity resolution');
    await markInboundEventProcessed(tx, eventId, `identity rejected: ${outcome.reason}`);
    return [];
  }
  const followUps: FollowUp[] = outcome.replies.map((reply) => ({ name: 'outbound.send', payload: { messageId: reply.id }, jobId: outboundJobId(reply.id) }));
  if (normalised.media) {
    followUps.push({ name: 'media.download', payload: { messageId: outcome.message.id, channel, source: normalised.media.source }, jobId: `media:${outcome.message.id}` });
  }
  await markInboundEventProcessed(tx, eventId);
  context.logger.info({ eventId, conversationId: outcome.conversation.id, messageId: outcome.message.id }, 'inbound message processed');
  return followUps;
}

/**
 * The last try runs outside the sender's transaction, so that the customer's message stays stored when the
 * bot fails again and an agent takes over rather than leaving it unanswered.
 */
async function receiveOnLastTry(event: { id: number; channel: string }, normalised: NormalisedMessage, input: CustomerMessage, context: JobContext): Promise<void> {
  const { db, logger, jobs } = context;
  let outcome: Awaited<ReturnType<typeof receiveCustomerMessage>>;
  try {
    outcome = await receiveCustomerMessage(db, input, context);
  } catch (error) {
    const stored = await findMessageByExternalId(db, event.channel, normalised.externalId);
    if (!stored) throw error;
    await setConversationOwner(db, stored.conversationId, 'agent', 'bot_error');
    await markInboundEventProcessed(db, event.id, `bot failed: ${error instanceof Error ? error.message : String(error)}`);
    logger.error({ err: error, eventId: event.id, conversationId: stored.conversationId }, 'bot failed on the last try; conversation handed to an agent');
    return;
  }
  if (outcome.kind === 'rejected') {
    await markInboundEventProcessed(db, event.id, `identity rejected: ${outcome.reason}`);
    return;
  }
  for (const reply of outcome.replies) await jobs.enqueue('outbound.send', { messageId: reply.id }, { jobId: outboundJobId(reply.id) });
  if (normalised.media) await jobs.enqueue('media.download', { messageId: outcome.message.id, channel: event.channel, source: normalised.media.source }, { jobId: `media:${outcome.message.id}` });
  await markInboundEventProcessed(db, event.id);
}

/** Times before this or later than a day after receipt are not a message's real time. */
const earliestPlausibleTime = Date.UTC(2009, 0, 1);
const futureToleranceMs = 24 * 3600 * 1000;

function isPlausible(at: Date, receivedAt: Date): boolean {
  const time = at.getTime();
  return Number.isFinite(time) && time >= earliestPlausibleTime && time <= receivedAt.getTime() + futureToleranceMs;
}

/**
 * Replaces an unreadable or absurd channel time ("yesterday", a year 5000) by the time the event was received,
 * keeping the raw value on the message payload, so that one odd field never sends the event to the dead letters.
 */
function withPlausibleTime(event: ReturnType<typeof normaliseInboundEvent>, receivedAt: Date): ReturnType<typeof normaliseInboundEvent> {
  if (event.type === 'message' && !isPlausible(event.sentAt, receivedAt)) {
    return { ...event, sentAt: receivedAt, payload: { ...event.payload, raw_timestamp: event.payload.timestamp ?? null, time_source: 'received' } };
  }
  if (event.type === 'status' && !isPlausible(event.at, receivedAt)) return { ...event, at: receivedAt };
  return event;
}

function toCustomerMessage(channel: string, message: NormalisedMessage): CustomerMessage {
  const locale = message.payload.locale;
  return {
    channel,
    externalId: message.externalId,
    threadId: message.threadId,
    claims: message.claims,
    displayName: message.displayName,
    sentAt: message.sentAt,
    kind: message.kind,
    body: message.body,
    replyToExternalId: message.replyToExternalId,
    payload: message.media ? { ...message.payload, media: message.media } : message.payload,
    preferredLocale: locale === 'id' || locale === 'en' ? locale : undefined,
  };
}

/** Reads the content stored on an outbound message: bots store `{ type: 'text', text }`, agents any content. */
function contentOf(payload: Record<string, unknown> | null, body: string | null): OutboundContent {
  if (payload && typeof payload.type === 'string' && ['text', 'media', 'interactive', 'template'].includes(payload.type)) return payload as unknown as OutboundContent;
  return { type: 'text', text: body ?? '' };
}

async function sendOutboundMessage(payload: z.infer<typeof outboundPayload>, context: JobContext, attempts: number): Promise<void> {
  const { db, config, logger } = context;
  const message = await findMessage(db, payload.messageId);
  if (!message || message.status !== 'queued') return;
  const conversation = await findConversation(db, message.conversationId);
  if (!conversation) throw new Error(`conversation ${message.conversationId} of message ${message.id} not found`);

  const content = contentOf(message.payload, message.body);
  const window = customerServiceWindow(conversation, { author: message.author === 'bot' ? 'bot' : 'agent' });
  if (content.type !== 'template' && !window.open) {
    const reason = window.templateAvailable
      ? 'outside the 24-hour customer-service window: only a template message may be sent'
      : 'outside the messaging window of this channel: the customer must write first';
    await markMessageFailed(db, message.id, reason);
    logger.warn({ messageId: message.id, channel: message.channel, reason }, 'message failed');
    return;
  }
  const result = await sendThroughChannel(config, { channel: message.channel, threadId: conversation.externalThreadId, content, messageId: message.id, replyToExternalId: undefined });
  if (result.kind === 'deferred') return;
  if (result.kind === 'sent') {
    await markMessageSent(db, message.id, result.externalId);
    logger.info({ messageId: message.id, channel: message.channel }, 'message sent');
    return;
  }
  if (result.retryable && context.attempt < attempts) throw new Error(result.reason);
  await markMessageFailed(db, message.id, result.reason);
  logger.warn({ messageId: message.id, channel: message.channel, reason: result.reason }, 'message failed');
}

async function downloadMedia(payload: z.infer<typeof mediaPayload>, context: JobContext): Promise<void> {
  const { db, config, logger } = context;
  try {
    const downloaded = await fetchMedia(payload, config);
    if (!downloaded) {
      logger.warn({ messageId: payload.messageId, channel: payload.channel }, 'media not downloaded: channel not configured');
      return;
    }
    const stored = await storeMessageMedia(db, { messageId: payload.messageId, sourceId: payload.source, ...downloaded });
    logger.info({ messageId: payload.messageId, mediaId: stored.id, bytes: downloaded.content.length }, 'media stored');
  } catch (error) {
    if (!(error instanceof MediaDownloadError) || error.retryable) throw error;
    // A retry cannot help: the message stays without its file, and the reason is logged.
    logger.warn({ messageId: payload.messageId, reason: error.message }, 'media download failed for good');
  }
}

async function fetchMedia(payload: z.infer<typeof mediaPayload>, config: Config): Promise<{ content: Buffer; mimeType: string } | null> {
  if (payload.channel === 'whatsapp') {
    const credentials = whatsappCredentials(config);
    return credentials ? downloadWhatsappMedia(credentials, payload.source, maxStoredMediaBytes) : null;
  }
  if (payload.channel !== 'instagram') return null;
  const response = await fetch(payload.source, { signal: AbortSignal.timeout(15_000) });
  if (!response.ok) throw new MediaDownloadError(`media download failed with HTTP ${response.status}`, response.status >= 500 || response.status === 429);
  const content = Buffer.from(await response.arrayBuffer());
  if (content.length > maxStoredMediaBytes) throw new MediaDownloadError(`media is ${content.length} bytes, above the ${maxStoredMediaBytes}-byte limit`, false);
  return { content, mimeType: response.headers.get('content-type') ?? 'application/octet-stream' };
}

const outboundAttempts = 6;

export const messagingJobs: JobDefinition[] = [
  {
    name: 'inbound.process',
    payload: inboundPayload,
    attempts: inboundAttempts,
    backoffMs: 1000,
    timeoutMs: 60_000,
    handle: (payload, context) => processInboundEvent(payload as z.infer<typeof inboundPayload>, context),
  },
  {
    name: 'outbound.send',
    payload: outboundPayload,
    attempts: outboundAttempts,
    backoffMs: 2000,
    timeoutMs: 30_000,
    handle: (payload, context) => sendOutboundMessage(payload as z.infer<typeof outboundPayload>, context, outboundAttempts),
  },
  {
    name: 'media.download',
    payload: mediaPayload,
    attempts: 5,
    backoffMs: 5000,
    timeoutMs: 120_000,
    handle: (payload, context) => downloadMedia(payload as z.infer<typeof mediaPayload>, context),
  },
];

/**
 * Enqueues every stored inbound event that was never processed and every outbound message still queued.
 * Run at start-up (the in-process queue keeps nothing across a restart, and a Redis restart without
 * persistence loses waiting jobs) and by the sweeper. Job ids make a second enqueue harmless.
 */
export async function requeuePendingMessaging(deps: { db: Db; jobs: JobQueue; logger: Logger; config?: Config }, options: { receivedBefore?: Date } = {}): Promise<{ inbound: number; outbound: number }> {
  const events = await listUnprocessedInboundEvents(deps.db, options);
  for (const event of events) await deps.jobs.enqueue('inbound.process', { eventId: event.id }, { jobId: inboundJobId(event.id) });
  const queued = await listQueuedOutboundMessages(deps.db);
  for (const message of queued) await deps.jobs.enqueue('outbound.send', { messageId: message.id }, { jobId: outboundJobId(message.id) });
  if (events.length + queued.length > 0) deps.logger.info({ inbound: events.length, outbound: queued.length }, 'pending messaging work re-enqueued');
  return { inbound: events.length, outbound: queued.length };
}

/** How long a webhook waits for the queue before acknowledging anyway; the sweeper enqueues what missed it. */
const enqueueWaitMs = 2000;

/**
 * Enqueues processing of freshly stored events without letting a slow or unreachable Redis hold the
 * webhook's acknowledgement: the events are already stored, and `requeuePendingMessaging` picks up any
 * that this call could not enqueue.
 */
export async function enqueueInboundEvents(jobs: JobQueue, logger: Logger, events: Array<{ id: number; processed: boolean }>): Promise<void> {
  const pending = events.filter((event) => !event.processed);
  const work = Promise.all(pending.map((event) => jobs.enqueue('inbound.process', { eventId: event.id }, { jobId: inboundJobId(event.id) })));
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => { timer = setTimeout(() => resolve('timeout'), enqueueWaitMs); });
  try {
    const outcome = await Promise.race([work.then(() => 'enqueued' as const), timeout]);
    if (outcome === 'timeout') logger.warn({ events: pending.length }, 'queue did not accept inbound events in time; the sweeper will enqueue them');
  } catch (error) {
    logger.error({ err: error, events: pending.length }, 'enqueueing inbound events failed; the sweeper will enqueue them');
  } finally {
    clearTimeout(timer);
  }
  // A late rejection after the timeout must not become an unhandled rejection.
  work.catch(() => undefined);
}

/** Sweeps every `intervalMs` for events and replies that missed their job (a Redis outage, a crash). */
export function startMessagingSweeper(deps: { db: Db; jobs: JobQueue; logger: Logger }, intervalMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    requeuePendingMessaging(deps, { receivedBefore: new Date(Date.now() - intervalMs / 2) })
      .catch((error: unknown) => deps.logger.error({ err: error }, 'messaging sweep failed'))
      .finally(() => { running = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
