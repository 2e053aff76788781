import { z } from 'zod';

/**
 * Every setting Satu reads from the environment. Nothing else in the code base reads `process.env`;
 * `.env.example` documents each variable.
 */
const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SATU_DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z.string().url().optional(),
  REDIS_URL: z.string().url().optional(),
  SATU_API_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
  SATU_TIMEZONE: z.string().min(1).default('Asia/Jakarta'),
  SATU_DEFAULT_LOCALE: z.enum(['id', 'en']).default('id'),
  /** auto: load the demo business into an empty embedded (PGlite) database only. */
  SATU_LOAD_DEMO: z.enum(['auto', 'always', 'never']).default('auto'),
  /** all: HTTP and job workers in one process; api: HTTP only; worker: jobs only (both need REDIS_URL). */
  SATU_ROLE: z.enum(['all', 'api', 'worker']).default('all'),
  SATU_PUBLIC_URL: z.string().url().optional(),
  /** True only behind a reverse proxy that overwrites X-Forwarded-For; rate limits then key on its first address. */
  SATU_TRUST_PROXY: z.stringbool().default(false),
  /** Owner's WhatsApp number (digits with country code) that receives the daily summary; unset keeps it stored only. */
  SATU_OWNER_WHATSAPP: z.string().regex(/^\d{8,15}$/, 'must be digits with the country code, e.g. 6281234567890').optional(),
  /** Approved WhatsApp template with one body parameter for the daily summary; unset sends plain text. */
  SATU_DAILY_SUMMARY_TEMPLATE: z.string().min(1).optional(),
  /** Local hour (in SATU_TIMEZONE) at which yesterday's summary is prepared. */
  SATU_DAILY_SUMMARY_HOUR: z.coerce.number().int().min(0).max(23).default(7),
  /** Identifiers that never merge profiles, as comma-separated `type:value` (the shop's own numbers). */
  SATU_CDP_BLOCKLIST: z.string().optional(),
  /** Whole rupiah of a paid order's total per loyalty point its customer earns, rounded down. */
  SATU_LOYALTY_RUPIAH_PER_POINT: z.coerce.number().int().min(1).max(1_000_000_000).default(10_000),

  WHATSAPP_VERIFY_TOKEN: z.string().min(1).optional(),
  WHATSAPP_APP_SECRET: z.string().min(1).optional(),
  WHATSAPP_TOKEN: z.string().min(1).optional(),
  WHATSAPP_PHONE_NUMBER_ID: z.string().min(1).optional(),
  WHATSAPP_GRAPH_URL: z.string().url().default('https://graph.facebook.com/v21.0'),
  /** Browser for the whatsapp-web.js worker; Debian's chromium by default. */
  WHATSAPP_WEB_CHROMIUM_PATH: z.string().min(1).default('/usr/bin/chromium'),

  INSTAGRAM_VERIFY_TOKEN: z.string().min(1).optional(),
  INSTAGRAM_APP_SECRET: z.string().min(1).optional(),
  INSTAGRAM_TOKEN: z.string().min(1).optional(),
  INSTAGRAM_ACCOUNT_ID: z.string().min(1).optional(),
  INSTAGRAM_GRAPH_URL: z.string().url().default('https://graph.facebook.com/v21.0'),

  OPENAI_API_KEY: z.string().min(1).optional(),
  OPENAI_BASE_URL: z.string().url().optional(),
  OPENAI_MODEL: z.string().min(1).default('gpt-4o-mini'),
  OPENAI_EMBEDDING_MODEL: z.string().min(1).default('text-embedding-3-small'),
});

export type Config = z.infer<typeof configSchema>;

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Parses the environment once at start-up; throws one message naming every invalid variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  // An empty variable (FOO= in a .env file) means "not set", as most twelve-factor tools treat it.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const parsed = configSchema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (parsed.data.SATU_ROLE !== 'all' && !parsed.data.REDIS_URL) {
    throw new ConfigError(`Invalid configuration:\n  SATU_ROLE: "${parsed.data.SATU_ROLE}" needs REDIS_URL, because API and worker processes share jobs through Redis`);
  }
  return parsed.data;
}
