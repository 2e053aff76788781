/**
 * Sane bounds for input that reaches stock and orders: the dearest single item the shop sells
 * (Rp1.000.000.000), units per order line, an order total (Rp100 trillion) far inside a safe integer,
 * and the units one location may hold of a variant (a stock column is a 32-bit integer).
 */
export const orderLimits = {
  maxUnitPrice: 1_000_000_000,
  maxLineQuantity: 10_000,
  maxOrderTotal: 100_000_000_000_000,
  maxStockUnits: 10_000_000,
} as const;
