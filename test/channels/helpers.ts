import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hubSignature } from '../../src/channels/index.js';
import type { TestRuntime } from '../helpers/runtime.js';

export const appSecret = 'test-app-secret';
export const verifyToken = 'test-verify-token';
export const phoneNumberId = '106540352242922';

/** Settings for a runtime with WhatsApp Cloud API and Instagram configured against `graphUrl`. */
export function channelEnv(graphUrl?: string): Record<string, string> {
  return {
    WHATSAPP_VERIFY_TOKEN: verifyToken,
    WHATSAPP_APP_SECRET: appSecret,
    INSTAGRAM_VERIFY_TOKEN: verifyToken,
    INSTAGRAM_APP_SECRET: appSecret,
    ...(graphUrl ? {
      WHATSAPP_TOKEN: 'test-whatsapp-token',
      WHATSAPP_PHONE_NUMBER_ID: phoneNumberId,
      WHATSAPP_GRAPH_URL: graphUrl,
      INSTAGRAM_TOKEN: 'test-instagram-token',
      INSTAGRAM_ACCOUNT_ID: '17841400000000000',
      INSTAGRAM_GRAPH_URL: graphUrl,
    } : {}),
  };
}

/** POSTs `body` to a webhook with a valid X-Hub-Signature-256 (or the given header value). */
export function postSigned(runtime: TestRuntime, path: string, body: unknown, signature?: string | null): Promise<Response> {
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  const header = signature === undefined ? hubSignature(raw, appSecret) : signature;
  if (header !== null) headers['x-hub-signature-256'] = header;
  return runtime.request(path, { method: 'POST', body: raw, headers, token: null });
}

let sequence = 0;
export function wamid(): string {
  sequence += 1;
  return `wamid.HBgNNjI4MTIzNDU2Nzg5MBUCABIYFjNFQjA${Date.now().toString(36)}${sequence}`;
}

/** A WhatsApp Cloud API webhook body with the given messages from one sender, as Meta documents it. */
export function whatsappMessages(from: string, messages: Array<Record<string, unknown>>, name = 'Sari'): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: '102290129340398',
      changes: [{
        field: 'messages',
        value: {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: '6281100000000', phone_number_id: phoneNumberId },
          contacts: [{ profile: { name }, wa_id: from }],
          messages: messages.map((message) => ({ from, id: wamid(), timestamp: String(Math.floor(Date.now() / 1000)), ...message })),
        },
      }],
    }],
  };
}

export function whatsappText(from: string, text: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return whatsappMessages(from, [{ type: 'text', text: { body: text }, ...extra }]);
}

export function whatsappStatuses(statuses: Array<Record<string, unknown>>): Record<string, unknown> {
  return {
    object: 'whatsapp_business_account',
    entry: [{
      id: '102290129340398',
      changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '6281100000000', phone_number_id: phoneNumberId }, statuses } }],
    }],
  };
}

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: unknown;
}

export interface GraphStandIn {
  url: string;
  requests: RecordedRequest[];
  /** Answers the next POST to a messages endpoint with this status and body instead of a message id. */
  failNext(status: number, body: unknown): void;
  /** Called before the answer to a messages POST; a test can deliver an echo webhook meanwhile. */
  beforeAnswer?: (request: RecordedRequest, messageId: string) => Promise<void>;
  media: Map<string, { content: Buffer; mimeType: string }>;
  close(): Promise<void>;
}

async function readBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : null;
}

/**
 * A local HTTP server on 127.0.0.1 standing in for Meta's Graph API: the messages endpoint returns a
 * message id as the Cloud API and the Instagram Send API do, and media ids resolve to a download URL.
 */
export async function startGraphStandIn(): Promise<GraphStandIn> {
  const requests: RecordedRequest[] = [];
  const failures: Array<{ status: number; body: unknown }> = [];
  const media = new Map<string, { content: Buffer; mimeType: string }>();
  let counter = 0;
  let baseUrl = '';
  const standIn: GraphStandIn = {
    url: '',
    requests,
    failNext: (status, body) => { failures.push({ status, body }); },
    media,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', baseUrl).pathname;
      const body = await readBody(request);
      const recorded = { method: request.method ?? 'GET', path, authorization: request.headers.authorization, body };
      requests.push(recorded);
      const send = (status: number, payload: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(payload));
      };
      if (request.method === 'POST' && path.endsWith('/messages')) {
        const failure = failures.shift();
        if (failure) return send(failure.status, failure.body);
        counter += 1;
        const id = path.includes('17841400000000000') ? `aWdfZAG1faXRlbToxOklHTWVzc2FnZAUlE${counter}` : `wamid.OUTBOUND${counter}`;
        if (standIn.beforeAnswer) await standIn.beforeAnswer(recorded, id);
        if (path.includes('17841400000000000')) return send(200, { recipient_id: (body as { recipient: { id: string } }).recipient.id, message_id: id });
        return send(200, { messaging_product: 'whatsapp', contacts: [{ input: (body as { to: string }).to, wa_id: (body as { to: string }).to }], messages: [{ id }] });
      }
      const fileMatch = path.match(/^\/files\/(.+)$/);
      if (fileMatch && media.has(fileMatch[1]!)) {
        const item = media.get(fileMatch[1]!)!;
        response.writeHead(200, { 'content-type': item.mimeType });
        return response.end(item.content);
      }
      const mediaMatch = path.match(/^\/v\d+\.\d+\/(\d+)$/);
      if (request.method === 'GET' && mediaMatch && media.has(mediaMatch[1]!)) {
        const item = media.get(mediaMatch[1]!)!;
        return send(200, { messaging_product: 'whatsapp', url: `${baseUrl}/files/${mediaMatch[1]}`, mime_type: item.mimeType, file_size: item.content.length, id: mediaMatch[1] });
      }
      return send(404, { error: { message: 'Unknown path', code: 100 } });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  standIn.url = `${baseUrl}/v21.0`;
  return standIn;
}
