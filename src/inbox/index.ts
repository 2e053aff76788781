export { storeInboundEvents, getInboundEvent, markInboundEventProcessed, listUnprocessedInboundEvents, type RawEvent, type StoredEvent } from './inbound-events.js';
export {
  recordCustomerActivity, ensureConversation, findConversation, findConversationByThread, setConversationOwner, resolveConversation,
  type Conversation,
} from './conversations.js';
export {
  appendInboundMessage, createOutboundMessage, findMessage, findMessageByExternalId, markMessageSent, markMessageFailed,
  applyDeliveryStatus, listQueuedOutboundMessages, recentMessages, type Message,
} from './messages.js';
export { receiveCustomerMessage, type CustomerMessage, type ReceiveOutcome } from './receive.js';
export { receiveShopEcho, type EchoOutcome } from './echo.js';
export { queueAgentReply, type AgentContent, type AgentReplyOutcome } from './agent-reply.js';
export { customerServiceWindow, customerServiceWindowMs, type WindowState } from './window.js';
export { storeMessageMedia, findMessageMedia, maxStoredMediaBytes } from './media.js';
export { listConversations, listConversationMessages, presentConversation, presentMessage, type ConversationFilter } from './read.js';
export { storeVisitorMessage, listVisitorMessages, linkVisitorContact, webchatChannel, type VisitorContactOutcome } from './webchat.js';
export { recordSessionState, getSessionState, type SessionState } from './sessions.js';
export { lockSender, listPendingChannelEvents } from './sender-lock.js';
