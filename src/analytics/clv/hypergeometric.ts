const MAX_TERMS = 1_000_000;
const RELATIVE_TOLERANCE = 1e-15;

/**
 * Computes the Gauss hypergeometric function 2F1(a, b; c; z) by its power
 * series, for 0 ≤ z < 1 and c not a non-positive integer.
 * Throws when the series has not converged after a million terms, which
 * happens only for z very close to 1.
 */
export function computeHypergeometric2F1(a: number, b: number, c: number, z: number): number {
  if (!(z >= 0 && z < 1)) {
    throw new Error(`hypergeometric argument z = ${z} is out of range: the series needs 0 <= z < 1`);
  }
  if (c <= 0 && Number.isInteger(c)) {
    throw new Error(`hypergeometric parameter c = ${c} is invalid: c must not be 0 or a negative integer`);
  }

  let term = 1;
  let sum = 1;
  for (let n = 0; n < MAX_TERMS; n += 1) {
    const ratio = ((a + n) * (b + n) * z) / ((c + n) * (n + 1));
    term *= ratio;
    sum += term;
    if (term === 0) {
      return sum;
    }

    // The tail after this term is at most |term|·ρ/(1−ρ) when later term ratios
    // stay below ρ. The ratio tends to z, so ρ = max(|ratio|, z) bounds it.
    // NOTE: that bound assumes the ratio is already monotone, which is only
    // likely, not proven, once n exceeds |a| + |b| + |c|.
    const settled = n > Math.abs(a) + Math.abs(b) + Math.abs(c);
    const ratioBound = Math.max(Math.abs(ratio), z);
    if (settled && ratioBound < 1) {
      const tailBound = (Math.abs(term) * ratioBound) / (1 - ratioBound);
      if (tailBound <= RELATIVE_TOLERANCE * Math.abs(sum)) {
        return sum;
      }
    }
  }
  throw new Error(`hypergeometric series 2F1(${a}, ${b}; ${c}; ${z}) did not converge after ${MAX_TERMS} terms`);
}
