import { sql } from 'drizzle-orm';

/** Order statuses that count as a sale: paid and not cancelled or returned. */
export const soldStatuses = ['paid', 'ready_for_pickup', 'picked_up', 'shipped', 'delivered'] as const;

export const soldStatusList = sql.raw(soldStatuses.map((status) => `'${status}'`).join(', '));

/** The cancel reason that marks an oversell. */
export const oversellCancelReason = 'out_of_stock';

/** How each figure is computed, returned beside it by `GET /api/kpis`. */
export const kpiDefinitions = {
  oversell_rate:
    "Orders placed in the period that were cancelled with reason 'out_of_stock', divided by all orders placed in the period. Cancellations for other reasons are not oversells.",
  cross_channel_customer_rate:
    'Customers (merged profiles counted once) who interacted on at least 2 channels in the period, divided by all customers who interacted. An interaction is an order placed or a message the customer sent; channels are channel codes, so each store POS is its own channel.',
  average_revenue_per_customer:
    'Revenue of sold orders (paid, ready for pickup, picked up, shipped, delivered) placed in the period, summed per customer, averaged over the customers of each segment, including customers who only sent messages. Cross-channel customers interacted on at least 2 channels in the period, single-channel customers on exactly 1.',
  sales:
    'Sold orders (paid, ready for pickup, picked up, shipped, delivered) by the business day they were placed: revenue is the sum of order totals in rupiah, units the sum of line quantities, average order value revenue divided by orders. The location is the order\'s store (POS sale or BOPIS pickup) or, for deliveries, the location its first line ships from.',
  fulfillment_time:
    'Minutes from order placed to ready for pickup (BOPIS), from ready to picked up (BOPIS), and from placed to shipped (deliveries, split by whether the first line ships from a store or a warehouse), over orders placed in the period that reached the step; median and 90th percentile by linear interpolation.',
  price_consistency:
    'Channel listing snapshots recorded in the period whose listed price equals the price book price at that time, divided by all snapshots with a price.',
  stock_consistency:
    "Channel listing snapshots recorded in the period whose published stock equals the hub's available-to-sell at that time, divided by all snapshots with a stock figure.",
  first_response_time:
    "Minutes from a conversation's first customer message to the first bot or agent reply after it, over conversations whose first customer message is in the period; median and 90th percentile.",
  resolution_time:
    "Minutes from a resolved conversation's first customer message to its last message, over resolved conversations whose first customer message is in the period; median and 90th percentile.",
  predicted_clv:
    'BG/NBD (purchase days) and Gamma-Gamma (spend per purchase day) fitted by maximum likelihood on sold orders up to the last day of the period, by business day; per segment, the mean predicted purchases and value over the next horizon_weeks weeks, undiscounted. Cross-channel customers used at least 2 channels (orders or messages) up to that day.',
  bot_containment_rate:
    'Conversations started in the period that the bot handled alone (never handed off and no agent message), divided by all conversations started in the period.',
} as const;
