import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import {
  findConversation, findMessageMedia, getSessionState, listConversationMessages, listConversations, presentConversation, queueAgentReply,
  resolveConversation, setConversationOwner, type AgentContent,
} from '../../inbox/index.js';
import { outboundJobId } from '../../jobs/definitions/messaging.js';
import { renderInboxPage } from '../../web/inbox/page.js';
import { renderWhatsappWebSessionPage } from '../../web/inbox/whatsapp-web-session.js';
import { requireAuth } from '../middleware.js';
import type { AppEnv } from '../types.js';
import { readJson, readQuery } from '../validate.js';

export const inboxRoutes = new Hono<AppEnv>();

inboxRoutes.use('/conversations/*', requireAuth(['agent']));
inboxRoutes.use('/conversations', requireAuth(['agent']));
inboxRoutes.use('/media/*', requireAuth(['agent']));

const listQuery = z.object({
  owner: z.enum(['bot', 'agent']).optional(),
  status: z.enum(['open', 'resolved']).optional(),
  channel: z.string().min(1).max(40).optional(),
  profile_id: z.string().min(1).max(64).optional(),
  before: z.iso.datetime({ offset: true }).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

inboxRoutes.get('/conversations', async (c) => {
  const query = readQuery(c, listQuery);
  const rows = await listConversations(c.get('runtime').db, {
    owner: query.owner, status: query.status, channel: query.channel, profileId: query.profile_id, limit: query.limit,
    before: query.before ? new Date(query.before) : undefined,
  });
  const now = new Date();
  return c.json({ items: rows.map((row) => presentConversation(row, now)) });
});

async function conversationOr404(c: Context<AppEnv>, id: string) {
  const conversation = await findConversation(c.get('runtime').db, id);
  if (!conversation) throw new AppError('not_found', `No conversation with id "${id}".`);
  return conversation;
}

inboxRoutes.get('/conversations/:id', async (c) => {
  const conversation = await conversationOr404(c, c.req.param('id'));
  const messages = await listConversationMessages(c.get('runtime').db, conversation.id, { limit: 500 });
  return c.json({ ...presentConversation(conversation), messages });
});

const mediaTypes = ['image', 'audio', 'video', 'document', 'sticker'] as const;
const replyBody = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().trim().min(1).max(4096) }),
  z.object({ type: z.literal('media'), media_type: z.enum(mediaTypes), link: z.url({ protocol: /^https$/, error: 'must be an https URL' }), caption: z.string().max(1024).optional(), filename: z.string().max(240).optional() }),
  z.object({ type: z.literal('interactive'), interactive: z.object({ type: z.enum(['button', 'list', 'cta_url']), body: z.object({ text: z.string().min(1).max(1024) }) }).passthrough() }),
  z.object({ type: z.literal('template'), name: z.string().min(1).max(512), language: z.string().min(2).max(15), components: z.array(z.unknown()).optional() }),
]);

function toContent(body: z.infer<typeof replyBody>): AgentContent {
  switch (body.type) {
    case 'text': return body;
    case 'media': return { type: 'media', mediaType: body.media_type, link: body.link, caption: body.caption, filename: body.filename };
    case 'interactive': return { type: 'interactive', interactive: body.interactive };
    case 'template': return body;
  }
}

/** An agent's reply, sent through the customer's channel; refused outside WhatsApp's 24-hour window unless a template. */
inboxRoutes.post('/conversations/:id/messages', async (c) => {
  const { db, jobs } = c.get('runtime');
  const body = await readJson(c, replyBody);
  const outcome = await queueAgentReply(db, { conversationId: c.req.param('id'), content: toContent(body) });
  if (outcome.kind === 'not_found') throw new AppError('not_found', `No conversation with id "${c.req.param('id')}".`);
  if (outcome.kind === 'outside_window') {
    const since = outcome.closedAt ? ` It closed at ${outcome.closedAt.toISOString()}.` : '';
    const detail = outcome.templateAvailable
      ? `The customer last wrote more than 24 hours ago, so WhatsApp accepts only an approved template message.${since} Send {"type": "template", "name": "<template name>", "language": "id"} instead.`
      : `The customer last wrote too long ago for ${outcome.channel} (24 hours, or 7 days for an agent on Instagram).${since} Wait for the customer to write again.`;
    throw new AppError('unprocessable', detail, {
      reason: 'outside_customer_service_window',
      template_required: outcome.templateAvailable,
      window_closed_at: outcome.closedAt?.toISOString() ?? null,
    });
  }
  await jobs.enqueue('outbound.send', { messageId: outcome.message.id }, { jobId: outboundJobId(outcome.message.id) });
  c.get('logger').info({ conversationId: outcome.message.conversationId, messageId: outcome.message.id }, 'agent reply queued');
  return c.json({ id: outcome.message.id, status: outcome.message.status }, 202);
});

inboxRoutes.post('/conversations/:id/takeover', async (c) => {
  const conversation = await setConversationOwner(c.get('runtime').db, c.req.param('id'), 'agent', 'agent_takeover');
  if (!conversation) throw new AppError('not_found', `No conversation with id "${c.req.param('id')}".`);
  return c.json(presentConversation(conversation));
});

inboxRoutes.post('/conversations/:id/handback', async (c) => {
  const conversation = await setConversationOwner(c.get('runtime').db, c.req.param('id'), 'bot');
  if (!conversation) throw new AppError('not_found', `No conversation with id "${c.req.param('id')}".`);
  return c.json(presentConversation(conversation));
});

inboxRoutes.post('/conversations/:id/resolve', async (c) => {
  const conversation = await resolveConversation(c.get('runtime').db, c.req.param('id'));
  if (!conversation) throw new AppError('not_found', `No conversation with id "${c.req.param('id')}".`);
  return c.json(presentConversation(conversation));
});

/** A stored media file of a message (image, voice note, document). */
inboxRoutes.get('/media/:id', async (c) => {
  const media = await findMessageMedia(c.get('runtime').db, c.req.param('id'));
  if (!media) throw new AppError('not_found', `No media with id "${c.req.param('id')}".`);
  c.header('content-type', media.mimeType);
  c.header('cache-control', 'private, max-age=3600');
  return c.body(new Uint8Array(media.content));
});

inboxRoutes.use('/channels/whatsapp-web/*', requireAuth(['owner']));

/** The linked-phone session as JSON: state, and the QR payload while it waits for a scan. */
inboxRoutes.get('/channels/whatsapp-web/session', async (c) => {
  const session = await getSessionState(c.get('runtime').db, 'whatsapp_web');
  if (!session) return c.json({ state: 'not_started', qr: null, detail: null, updated_at: null });
  return c.json({ state: session.state, qr: session.qr, detail: session.detail, updated_at: session.updatedAt.toISOString() });
});

/** The page the owner opens to scan the QR code with the shop's phone. */
inboxRoutes.get('/channels/whatsapp-web/qr', async (c) => {
  const session = await getSessionState(c.get('runtime').db, 'whatsapp_web');
  const locale = c.req.query('lang') === 'en' ? 'en' : c.req.query('lang') === 'id' ? 'id' : c.get('runtime').config.SATU_DEFAULT_LOCALE;
  return c.html(await renderWhatsappWebSessionPage(session, locale));
});

inboxRoutes.use('/inbox', requireAuth(['agent']));

/** The agent inbox page; it reads and writes through the conversation API above with the session cookie. */
inboxRoutes.get('/inbox', (c) => {
  const { config } = c.get('runtime');
  const locale = c.req.query('lang') === 'en' ? 'en' : c.req.query('lang') === 'id' ? 'id' : config.SATU_DEFAULT_LOCALE;
  return c.html(renderInboxPage(locale, config.SATU_TIMEZONE));
});
