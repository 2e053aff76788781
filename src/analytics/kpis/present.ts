import { changeOf, type Rate } from '../numbers.js';

/** A rate as JSON with its counts under the given names, e.g. `{ value, oversold_orders, orders }`. */
export function presentRate(rate: Rate, numeratorName: string, denominatorName: string): Record<string, number | null> {
  return { value: rate.value, [numeratorName]: rate.numerator, [denominatorName]: rate.denominator };
}

/** The current rate, its previous-period twin and the change between them. */
export function presentRateWithPrevious(current: Rate, previous: Rate, numeratorName: string, denominatorName: string) {
  return {
    ...presentRate(current, numeratorName, denominatorName),
    change: changeOf(current.value, previous.value),
    previous: presentRate(previous, numeratorName, denominatorName),
  };
}
