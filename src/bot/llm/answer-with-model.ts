import OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import type { Db } from '../../db/index.js';
import type { IndexedCatalog } from '../catalog-index.js';
import type { Embedder } from '../embedding.js';
import { fixedReply } from '../replies.js';
import type { BotAnswer, BotDeps, BotInput, HandoffReason, Locale } from '../types.js';
import { checkModelReply } from './guard.js';
import { loadCustomerMemory } from './memory.js';
import { runTool, toolDefinitions, type ToolFacts } from './tools.js';

/** Model rounds (a round is one completion, possibly with tool calls) before the templated answer is used. */
const maxRounds = 4;

export type ModelOutcome =
  | { kind: 'answered'; answer: BotAnswer }
  | { kind: 'rejected'; reason: string; detail: string };

function systemPrompt(locale: Locale): string {
  const language = locale === 'id' ? 'Indonesian (casual, polite, address the customer as "kak")' : 'English';
  return [
    'You are the chat assistant of an Indonesian fashion shop. Answer shopping questions about stock, prices, sizes, colours, stores and orders.',
    `Reply in ${language}, in at most three short sentences.`,
    'Use the tools for every fact. Never state a price, stock count, size or product that a tool did not return in this conversation.',
    'Write prices in rupiah the Indonesian way, e.g. Rp150.000.',
    'If the customer asks for a person, complains, or you cannot help, call the handoff tool.',
  ].join(' ');
}

function toMessages(input: BotInput, locale: Locale): ChatCompletionMessageParam[] {
  const history: ChatCompletionMessageParam[] = input.history
    .filter((turn, index, all) => !(index === all.length - 1 && turn.author === 'customer' && turn.body === input.text))
    .map((turn) => (turn.author === 'customer' ? { role: 'user', content: turn.body } : { role: 'assistant', content: turn.body }));
  return [{ role: 'system', content: systemPrompt(locale) }, ...history, { role: 'user', content: input.text }];
}

/**
 * Lets the configured model answer with tool calls, then checks its final text against the tool
 * results. Returns `rejected` (the caller sends the templated answer) when the guard fails, the model
 * does not finish within `maxRounds`, or the API call fails.
 */
export async function answerWithModel(
  db: Db,
  input: BotInput,
  deps: BotDeps,
  context: { catalog: IndexedCatalog; embedder: Embedder; locale: Locale; intent: string },
): Promise<ModelOutcome> {
  const { config } = deps;
  const client = new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, maxRetries: 0, timeout: 20_000 });
  const messages = toMessages(input, context.locale);
  const facts: ToolFacts = { offers: [], locations: [], results: [] };

  const toolContext = { db, embedder: context.embedder, catalog: context.catalog, channelCode: input.channelCode, profileId: input.profileId };

  try {
    // The timeline is context only: its numbers are not added to the facts, so a reply quoting an old
    // order total is rejected like any other number no tool returned.
    const memory = await loadCustomerMemory(db, input);
    if (memory.text) messages.splice(1, 0, { role: 'system', content: memory.text });

    for (let round = 0; round < maxRounds; round += 1) {
      const completion = await client.chat.completions.create({ model: config.OPENAI_MODEL, messages, tools: toolDefinitions, temperature: 0.2 });
      const message = completion.choices[0]?.message;
      if (!message) return { kind: 'rejected', reason: 'empty', detail: 'no choice' };
      const calls = (message.tool_calls ?? []).filter((call) => call.type === 'function');
      if (calls.length === 0) return finish(message.content ?? '', facts, context, input);

      messages.push({ role: 'assistant', content: message.content ?? null, tool_calls: calls });
      for (const call of calls) {
        const result = await runTool(call.function.name, call.function.arguments, toolContext, facts);
        messages.push({ role: 'tool', tool_call_id: call.id, content: JSON.stringify(result) });
      }
      if (facts.handoff) return finish(message.content ?? '', facts, context, input);
    }
    return { kind: 'rejected', reason: 'too_many_rounds', detail: `${maxRounds} rounds` };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    return { kind: 'rejected', reason: 'model_error', detail };
  }
}

function finish(text: string, facts: ToolFacts, context: { catalog: IndexedCatalog; locale: Locale; intent: string }, input: BotInput): ModelOutcome {
  if (facts.handoff) {
    const verdict = text.trim() ? checkModelReply(text, facts, context.catalog, input.text) : { ok: false as const };
    const handoffText = verdict.ok ? text.trim() : fixedHandoffText(facts.handoff, context.locale);
    return { kind: 'answered', answer: { kind: 'handoff', text: handoffText, locale: context.locale, reason: facts.handoff } };
  }
  const verdict = checkModelReply(text, facts, context.catalog, input.text);
  if (!verdict.ok) return { kind: 'rejected', reason: verdict.reason, detail: verdict.detail };
  return {
    kind: 'answered',
    answer: { kind: 'reply', text: text.trim(), locale: context.locale, intent: context.intent, facts: { offers: facts.offers, locations: facts.locations } },
  };
}

function fixedHandoffText(reason: HandoffReason, locale: Locale): string {
  if (reason === 'complaint') return fixedReply('handoffComplaint', locale);
  if (reason === 'not_understood' || reason === 'low_confidence') return fixedReply('handoffNotUnderstood', locale);
  return fixedReply('handoffRequested', locale);
}
