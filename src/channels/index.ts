export { isValidHubSignature, hubSignature } from './signature.js';
export { normaliseInboundEvent, sendThroughChannel, channelNotConfigured, type OutboundRequest } from './dispatch.js';
export { splitWhatsappWebhook, whatsappWebhookSchema } from './whatsapp-cloud/webhook.js';
export { whatsappCredentials, downloadWhatsappMedia, MediaDownloadError } from './whatsapp-cloud/client.js';
export { splitInstagramWebhook, instagramWebhookSchema } from './instagram/webhook.js';
export type { WebchatEventPayload } from './webchat/normalise.js';
export type * from './types.js';
