/**
 * Sane bounds for input that reaches stock and orders. A unit price is at most the dearest item a shop
 * sells (Rp1.000.000.000). An order total stays far inside a safe integer. Stock per variant and
 * location stays far inside the 32-bit stock column.
 */
export const orderLimits = {
  maxUnitPrice: 1_000_000_000,
  maxLineQuantity: 10_000,
  maxOrderTotal: 100_000_000_000_000,
  maxStockUnits: 10_000_000,
} as const;
