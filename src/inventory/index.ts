// The inventory module's public surface. Other modules use only what is exported here.
export { searchVariants, getChannelOffers, listCatalog, findVariantBySku } from './catalog.js';
export type { VariantOffer, CatalogProduct } from './catalog.js';
export { listLocationStock, computeChannelAvailability } from './availability.js';
export type { LocationStock } from './availability.js';
export { getChannelPrice, computeChannelPrice, priceRuleSchema } from './pricing.js';
export type { PriceRule, PromotionTerms, PriceInputs } from './pricing.js';
export { adjustStock } from './adjustments.js';
export type { AdjustStockInput, AdjustStockResult } from './adjustments.js';
export { getStockLevels } from './levels.js';
export type { StockLevel } from './levels.js';
export { findChannel } from './channels.js';
export { stockChangedTopic, orderChangedTopic } from './ledger.js';
