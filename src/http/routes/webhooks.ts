import { Hono, type Context } from 'hono';
import type { z } from 'zod';
import {
  instagramWebhookSchema, isValidHubSignature, splitInstagramWebhook, splitWhatsappWebhook, whatsappWebhookSchema,
  type RawInboundEvent,
} from '../../channels/index.js';
import { AppError } from '../../errors.js';
import { storeInboundEvents } from '../../inbox/index.js';
import { enqueueInboundEvents } from '../../jobs/definitions/messaging.js';
import type { AppEnv } from '../types.js';
import { parseWith } from '../validate.js';

export const webhookRoutes = new Hono<AppEnv>();

/** Meta's subscription handshake: echo `hub.challenge` when the verify token matches. */
function verifySubscription(c: Context<AppEnv>, verifyToken: string | undefined): Response {
  if (!verifyToken) throw new AppError('forbidden', 'The verify token of this channel is not configured.');
  const mode = c.req.query('hub.mode');
  const token = c.req.query('hub.verify_token');
  const challenge = c.req.query('hub.challenge');
  if (mode !== 'subscribe' || token !== verifyToken || !challenge) {
    throw new AppError('forbidden', 'hub.mode must be "subscribe" and hub.verify_token must match the configured verify token.');
  }
  return c.text(challenge);
}

/**
 * Verifies the signature over the raw body, validates the body, stores one raw event per message and
 * status, and only then acknowledges. Processing runs as jobs.
 */
async function receiveWebhook<Schema extends z.ZodType>(
  c: Context<AppEnv>,
  options: { channel: string; appSecret: string | undefined; schema: Schema; split: (body: z.infer<Schema>) => RawInboundEvent[] },
): Promise<Response> {
  const { db, jobs } = c.get('runtime');
  const logger = c.get('logger');
  if (!options.appSecret) throw new AppError('service_unavailable', `The ${options.channel} app secret is not configured, so signatures cannot be checked.`);
  const raw = new Uint8Array(await c.req.arrayBuffer());
  if (!isValidHubSignature(raw, c.req.header('x-hub-signature-256'), options.appSecret)) {
    throw new AppError('invalid_signature', 'X-Hub-Signature-256 is missing or does not match the body signed with the app secret.');
  }
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
  } catch {
    throw new AppError('invalid_json', 'The webhook body could not be parsed as JSON.');
  }
  const body = parseWith(options.schema, json);
  const stored = await storeInboundEvents(db, options.channel, options.split(body));
  await enqueueInboundEvents(jobs, logger, stored);
  logger.info({ channel: options.channel, events: stored.length, duplicates: stored.filter((event) => !event.created).length }, 'webhook stored');
  return c.json({ received: stored.length });
}

webhookRoutes.get('/whatsapp', (c) => verifySubscription(c, c.get('runtime').config.WHATSAPP_VERIFY_TOKEN));
webhookRoutes.post('/whatsapp', (c) => receiveWebhook(c, {
  channel: 'whatsapp',
  appSecret: c.get('runtime').config.WHATSAPP_APP_SECRET,
  schema: whatsappWebhookSchema,
  split: splitWhatsappWebhook,
}));

webhookRoutes.get('/instagram', (c) => verifySubscription(c, c.get('runtime').config.INSTAGRAM_VERIFY_TOKEN));
webhookRoutes.post('/instagram', (c) => receiveWebhook(c, {
  channel: 'instagram',
  appSecret: c.get('runtime').config.INSTAGRAM_APP_SECRET,
  schema: instagramWebhookSchema,
  split: splitInstagramWebhook,
}));
