import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { embedLocally } from '../../src/bot/embedding.js';

/** One chat-completions request as the server received it. */
export interface ChatRequest {
  model: string;
  messages: Array<{ role: string; content: string | null; tool_call_id?: string; tool_calls?: unknown[] }>;
  tools?: Array<{ function: { name: string } }>;
}

/** The assistant message to send back: text, tool calls, or an HTTP error status. */
export type ScriptedReply =
  | { content: string }
  | { toolCalls: Array<{ name: string; arguments: Record<string, unknown> }> }
  | { status: number };

/**
 * A local server speaking the OpenAI chat-completions and embeddings protocol on 127.0.0.1. Each chat
 * request is answered by `script`, which sees the whole request (including earlier tool results).
 */
export class ChatCompletionsServer {
  script: (request: ChatRequest, callIndex: number) => ScriptedReply = () => ({ content: '' });
  readonly requests: ChatRequest[] = [];
  private server: Server | undefined;

  async start(): Promise<string> {
    this.server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
      request.on('end', () => {
        const parsed = JSON.parse(body) as Record<string, unknown>;
        response.setHeader('content-type', 'application/json');
        if (request.url?.endsWith('/embeddings')) {
          const inputs = parsed.input as string[];
          response.end(JSON.stringify({
            object: 'list',
            model: parsed.model,
            data: inputs.map((text, index) => ({ object: 'embedding', index, embedding: embedLocally(text) })),
            usage: { prompt_tokens: 0, total_tokens: 0 },
          }));
          return;
        }
        const chat = parsed as unknown as ChatRequest;
        this.requests.push(chat);
        const reply = this.script(chat, this.requests.length - 1);
        if ('status' in reply) {
          response.statusCode = reply.status;
          response.end(JSON.stringify({ error: { message: 'scripted failure', type: 'server_error' } }));
          return;
        }
        const message = 'content' in reply
          ? { role: 'assistant', content: reply.content }
          : {
            role: 'assistant',
            content: null,
            tool_calls: reply.toolCalls.map((call, index) => ({
              id: `call_${this.requests.length}_${index}`,
              type: 'function',
              function: { name: call.name, arguments: JSON.stringify(call.arguments) },
            })),
          };
        response.end(JSON.stringify({
          id: `chatcmpl_${this.requests.length}`,
          object: 'chat.completion',
          created: Math.floor(Date.now() / 1000),
          model: chat.model,
          choices: [{ index: 0, message, finish_reason: 'content' in reply ? 'stop' : 'tool_calls' }],
        }));
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async stop(): Promise<void> {
    await new Promise((resolve) => this.server?.close(resolve));
  }
}

/** The parsed result of the most recent tool call in a request. */
export function lastToolResult(request: ChatRequest): unknown {
  const toolMessages = request.messages.filter((message) => message.role === 'tool');
  const last = toolMessages.at(-1);
  return last?.content ? JSON.parse(last.content) : undefined;
}
