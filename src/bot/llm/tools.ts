import type { ChatCompletionFunctionTool } from 'openai/resources/chat/completions';
import { z } from 'zod';
import type { Db } from '../../db/index.js';
import { findVariantBySku, getChannelOffers, listLocationStock, type LocationStock, type VariantOffer } from '../../inventory/index.js';
import type { IndexedCatalog } from '../catalog-index.js';
import type { Embedder } from '../embedding.js';
import { findCustomerOrder } from '../order-status.js';
import { resolveProducts } from '../resolve-products.js';
import type { HandoffReason } from '../types.js';
import { understandMessage } from '../understand.js';

/** The tools the model may call; their results are the only facts its reply may state. */
export const toolDefinitions: ChatCompletionFunctionTool[] = [
  tool('search_products', 'Find catalog products and variants matching words a customer used, with price and units available on this channel.', {
    query: { type: 'string', description: 'Product words, e.g. "kemeja batik navy L"' },
  }, ['query']),
  tool('get_availability', 'Units of one variant (by SKU) available on this channel now, with its price.', { sku: { type: 'string' } }, ['sku']),
  tool('get_price', 'The price in whole rupiah of one variant (by SKU) on this channel now.', { sku: { type: 'string' } }, ['sku']),
  tool('find_store_stock', 'Units of one variant (by SKU) available at each physical store, optionally in one city.', {
    sku: { type: 'string' },
    city: { type: 'string', description: 'City name, e.g. Bandung' },
  }, ['sku']),
  tool('get_order_status', "Status of the customer's own order by its order number.", { order_number: { type: 'string' } }, ['order_number']),
  tool('handoff', 'Hand the conversation to a human agent.', {
    reason: { type: 'string', enum: ['requested', 'complaint', 'not_understood', 'low_confidence'] },
  }, ['reason']),
];

function tool(name: string, description: string, properties: Record<string, unknown>, required: string[]): ChatCompletionFunctionTool {
  return { type: 'function', function: { name, description, parameters: { type: 'object', properties, required, additionalProperties: false } } };
}

const argumentSchemas = {
  search_products: z.object({ query: z.string().min(1).max(200) }),
  get_availability: z.object({ sku: z.string().min(1).max(64) }),
  get_price: z.object({ sku: z.string().min(1).max(64) }),
  find_store_stock: z.object({ sku: z.string().min(1).max(64), city: z.string().max(64).optional() }),
  get_order_status: z.object({ order_number: z.string().min(1).max(64) }),
  handoff: z.object({ reason: z.enum(['requested', 'complaint', 'not_understood', 'low_confidence']) }),
};

export interface ToolContext {
  db: Db;
  embedder: Embedder;
  catalog: IndexedCatalog;
  channelCode: string;
  profileId: string;
}

/** What the tools returned during one answer: the rows the final text is checked against. */
export interface ToolFacts {
  offers: VariantOffer[];
  locations: LocationStock[];
  results: unknown[];
  handoff?: HandoffReason;
}

function offerResult(offer: VariantOffer) {
  return { sku: offer.sku, product_name: offer.productName, color: offer.color, size: offer.size, price: offer.price, available: offer.available };
}

/** Runs one tool call and returns its JSON result; invalid arguments produce an error result, not an exception. */
export async function runTool(name: string, rawArguments: string, context: ToolContext, facts: ToolFacts): Promise<unknown> {
  const schema = argumentSchemas[name as keyof typeof argumentSchemas];
  if (!schema) return { error: `unknown tool ${name}` };
  let parsedJson: unknown;
  try {
    parsedJson = JSON.parse(rawArguments || '{}');
  } catch {
    return { error: 'arguments are not valid JSON' };
  }
  const parsed = schema.safeParse(parsedJson);
  if (!parsed.success) return { error: `invalid arguments: ${parsed.error.issues.map((issue) => issue.path.join('.')).join(', ')}` };
  const result = await executeTool(name as keyof typeof argumentSchemas, parsed.data as never, context, facts);
  facts.results.push(result);
  return result;
}

async function executeTool(name: keyof typeof argumentSchemas, args: Record<string, string>, context: ToolContext, facts: ToolFacts): Promise<unknown> {
  const { db, channelCode } = context;
  switch (name) {
    case 'search_products': {
      const understanding = understandMessage(args.query!, context.catalog.vocabulary);
      const resolution = await resolveProducts(db, context.embedder, context.catalog, understanding.entities, channelCode, args.query!);
      if (resolution.kind === 'not_found') return { products: [] };
      const shown = (resolution.matching.length > 0 ? resolution.matching : resolution.offers).slice(0, 20);
      facts.offers.push(...shown);
      return { products: shown.map(offerResult) };
    }
    case 'get_availability':
    case 'get_price': {
      const offer = await offerBySku(db, args.sku!, channelCode);
      if (!offer) return { error: `no variant with SKU ${args.sku}` };
      facts.offers.push(offer);
      return name === 'get_price' ? { sku: offer.sku, product_name: offer.productName, price: offer.price } : offerResult(offer);
    }
    case 'find_store_stock': {
      const variant = await variantBySku(db, args.sku!);
      if (!variant) return { error: `no variant with SKU ${args.sku}` };
      const city = args.city?.toLowerCase();
      const stores = (await listLocationStock(db, { variantIds: [variant.id] }))
        .filter((location) => location.kind === 'store' && (!city || location.city.toLowerCase().includes(city)));
      facts.locations.push(...stores);
      return { sku: variant.sku, stores: stores.map((store) => ({ store: store.locationName, city: store.city, available: store.available })) };
    }
    case 'get_order_status': {
      const lookup = await findCustomerOrder(db, args.order_number!.toUpperCase(), context.profileId, channelCode);
      if (lookup.kind === 'not_found') return { found: false };
      const { order } = lookup;
      return { found: true, order_number: order.externalId, status: order.status, pickup_code: order.pickupCode };
    }
    case 'handoff':
      facts.handoff = args.reason as HandoffReason;
      return { ok: true };
  }
}

/** The variant with `sku` as written, or upper-cased as models often lower-case SKUs. */
async function variantBySku(db: Db, sku: string) {
  return (await findVariantBySku(db, sku)) ?? (await findVariantBySku(db, sku.toUpperCase()));
}

async function offerBySku(db: Db, sku: string, channelCode: string): Promise<VariantOffer | undefined> {
  const variant = await variantBySku(db, sku);
  if (!variant) return undefined;
  const [offer] = await getChannelOffers(db, { variantIds: [variant.id], channelCode });
  return offer;
}
