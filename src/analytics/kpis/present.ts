import { changeOf, type Rate } from '../numbers.js';

/** Presents a rate as JSON with its counts under the given names, e.g. `{ value, oversold_orders, orders }`. */
export function presentRate<Numerator extends string, Denominator extends string>(
  rate: Rate, numeratorName: Numerator, denominatorName: Denominator,
): { value: number | null } & Record<Numerator | Denominator, number> {
  return { value: rate.value, [numeratorName]: rate.numerator, [denominatorName]: rate.denominator } as { value: number | null } & Record<Numerator | Denominator, number>;
}

/** Presents the current rate, the previous period's rate and the change between them. */
export function presentRateWithPrevious<Numerator extends string, Denominator extends string>(
  current: Rate, previous: Rate, numeratorName: Numerator, denominatorName: Denominator,
) {
  return {
    ...presentRate(current, numeratorName, denominatorName),
    change: changeOf(current.value, previous.value),
    previous: presentRate(previous, numeratorName, denominatorName),
  };
}
