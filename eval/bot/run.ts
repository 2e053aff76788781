/**
 * Runs the bot's evaluation set against the demo business on an in-memory database and prints intent
 * accuracy, entity accuracy, answer correctness, hallucinated numbers and latency. Exits with status 1
 * when a target is missed. Usage: npm run eval:bot [-- --verbose]
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { composeTemplatedAnswer } from '../../src/bot/answer.js';
import { canonicalColour } from '../../src/bot/format.js';
import { findUngroundedNumbers } from '../../src/bot/guard.js';
import type { BotAnswer, HistoryTurn } from '../../src/bot/index.js';
import type { ResolvedMessage } from '../../src/bot/context.js';
import { loadConfig } from '../../src/config/index.js';
import { openPglite } from '../../src/db/index.js';
import { loadDemoBusiness } from '../../src/demo/index.js';
import { createLogger } from '../../src/logger.js';
import { checkAnswer, type EvalCase } from './check.js';

const casesPath = fileURLToPath(new URL('./cases.jsonl', import.meta.url));
const verbose = process.argv.includes('--verbose');

/** Targets of the embedded mode. */
const targets = { intentAccuracy: 0.95, answerCorrectness: 0.9, p95Ms: 50 };

function loadCases(): EvalCase[] {
  return readFileSync(casesPath, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0 && !line.startsWith('//'))
    .map((line) => JSON.parse(line) as EvalCase);
}

function percentile(sorted: number[], fraction: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)]!;
}

function entitySlots(expected: EvalCase, understanding: ResolvedMessage): { total: number; correct: number; wrong: string[] } {
  const wanted = expected.entities ?? {};
  const found = understanding.entities;
  const slots: Array<[string, string | undefined, string | undefined]> = [
    ['colour', wanted.colour && canonicalColour(wanted.colour), found.colour && canonicalColour(found.colour)],
    ['size', wanted.size?.toUpperCase(), found.size?.toUpperCase()],
    ['city', wanted.city?.toLowerCase(), found.city?.toLowerCase()],
    ['orderNumber', wanted.orderNumber?.toUpperCase(), found.orderNumber],
  ];
  let total = 0;
  let correct = 0;
  const wrong: string[] = [];
  for (const [name, expectedValue, foundValue] of slots) {
    if (expectedValue === undefined && foundValue === undefined) continue;
    total += 1;
    if (expectedValue === foundValue) correct += 1;
    else wrong.push(`${name}: expected ${expectedValue ?? '-'}, found ${foundValue ?? '-'}`);
  }
  return { total, correct, wrong };
}

async function main(): Promise<void> {
  const config = loadConfig({ LOG_LEVEL: 'silent', SATU_LOAD_DEMO: 'never' });
  const logger = createLogger('silent');
  const database = await openPglite('memory://');
  await database.migrate();
  const loaded = await loadDemoBusiness(database.db, logger);
  if (loaded.kind !== 'loaded') throw new Error(`Demo business not loaded: ${loaded.reason}`);
  const db = database.db;
  const deps = { config, logger };
  const cases = loadCases();

  // Warm-up: builds the retrieval index and the vocabulary, which a running service does once.
  await composeTemplatedAnswer(db, { conversationId: 'eval', profileId: 'eval', channelCode: 'whatsapp', text: 'halo', history: [] }, deps);

  const latencies: number[] = [];
  // CPU time of this process per message: PGlite runs in-process, so this is the work a message costs,
  // unlike wall time, which other processes on a shared machine stretch.
  const cpuTimes: number[] = [];
  let intentCorrect = 0;
  let entityTotal = 0;
  let entityCorrect = 0;
  let answerCorrect = 0;
  let localeTotal = 0;
  let localeCorrect = 0;
  let hallucinated = 0;
  const failures: string[] = [];

  for (const evalCase of cases) {
    const channelCode = evalCase.channel ?? 'whatsapp';
    const history: HistoryTurn[] = [];
    for (const body of evalCase.history ?? []) {
      const earlier = await composeTemplatedAnswer(db, { conversationId: evalCase.id, profileId: 'eval', channelCode, text: body, history: [...history] }, deps);
      history.push({ author: 'customer', body, sentAt: new Date() }, { author: 'bot', body: earlier.answer.text, sentAt: new Date() });
    }
    const input = { conversationId: evalCase.id, profileId: 'eval', channelCode, text: evalCase.text, history };
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    const { answer, understanding } = await composeTemplatedAnswer(db, input, deps);
    latencies.push(performance.now() - started);
    const cpu = process.cpuUsage(cpuStarted);
    cpuTimes.push((cpu.user + cpu.system) / 1000);

    const problems: string[] = [];
    if (understanding.intent === evalCase.intent) intentCorrect += 1;
    else problems.push(`intent: expected ${evalCase.intent}, found ${understanding.intent}`);
    if (evalCase.locale) {
      localeTotal += 1;
      if (answer.locale === evalCase.locale) localeCorrect += 1;
      else problems.push(`locale: expected ${evalCase.locale}, found ${answer.locale}`);
    }
    const slots = entitySlots(evalCase, understanding);
    entityTotal += slots.total;
    entityCorrect += slots.correct;
    problems.push(...slots.wrong);
    const answerProblems = await checkAnswer(db, evalCase, answer, channelCode);
    if (answerProblems.length === 0) answerCorrect += 1;
    problems.push(...answerProblems);
    const ungrounded = findUngroundedNumbers(answer.text, answer.kind === 'reply' ? [answer.facts] : [], evalCase.text);
    if (ungrounded.length > 0) {
      hallucinated += 1;
      problems.push(`ungrounded numbers: ${ungrounded.join(', ')}`);
    }
    if (problems.length > 0) failures.push(`${evalCase.id} "${evalCase.text}"\n    ${problems.join('\n    ')}\n    reply: ${describe(answer)}`);
  }

  const sorted = [...latencies].sort((a, b) => a - b);
  const sortedCpu = [...cpuTimes].sort((a, b) => a - b);
  const rows: Array<[string, string, string]> = [
    ['messages', String(cases.length), ''],
    ['intent accuracy', ratio(intentCorrect, cases.length), `>= ${targets.intentAccuracy * 100}%`],
    ['entity accuracy', ratio(entityCorrect, entityTotal), ''],
    ['reply language accuracy', ratio(localeCorrect, localeTotal), ''],
    ['answer correctness', ratio(answerCorrect, cases.length), `>= ${targets.answerCorrectness * 100}%`],
    ['hallucinated numbers', String(hallucinated), '0'],
    ['latency p50 (ms)', percentile(sorted, 0.5).toFixed(1), ''],
    ['latency p95 (ms)', percentile(sorted, 0.95).toFixed(1), `< ${targets.p95Ms}`],
    ['cpu time p50 (ms)', percentile(sortedCpu, 0.5).toFixed(1), ''],
    ['cpu time p95 (ms)', percentile(sortedCpu, 0.95).toFixed(1), ''],
  ];
  if (verbose || failures.length <= 30) for (const failure of failures) console.log(failure);
  else console.log(`${failures.length} cases with problems; run with --verbose to list them.`);
  console.log('');
  console.log(`load average ${loadavg().map((value) => value.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  console.log('| metric | value | target |\n| --- | --- | --- |');
  for (const [metric, value, target] of rows) console.log(`| ${metric} | ${value} | ${target} |`);

  await database.close();
  const met = intentCorrect / cases.length >= targets.intentAccuracy
    && answerCorrect / cases.length >= targets.answerCorrectness
    && hallucinated === 0
    && percentile(sorted, 0.95) < targets.p95Ms;
  process.exitCode = met ? 0 : 1;
}

function ratio(part: number, whole: number): string {
  return whole === 0 ? '-' : `${((100 * part) / whole).toFixed(1)}% (${part}/${whole})`;
}

function describe(answer: BotAnswer): string {
  const text = answer.text.replace(/\n/g, ' / ');
  return answer.kind === 'handoff' ? `[handoff ${answer.reason}] ${text}` : `[${answer.intent}] ${text}`;
}

await main();
