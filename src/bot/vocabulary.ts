import { cityWords, colourWords, productSynonyms } from './lexicon.js';
import { normalizeMessage } from './normalize.js';

/** The words a catalog gives the understanding step, built once per catalog version. */
export interface Vocabulary {
  /** Product and category words of the catalog plus their synonyms. */
  words: Set<string>;
  /** Catalog colour (lowercase) to the colour as the catalog writes it. */
  colours: Map<string, string>;
  /** Catalog sizes, lowercase. */
  sizes: Set<string>;
  cities: Set<string>;
}

export interface CatalogWords {
  productTexts: string[];
  colours: string[];
  sizes: string[];
  cities: string[];
}

/** Builds the vocabulary from the catalog's product names, categories, colours and sizes. */
export function buildVocabulary(catalog: CatalogWords): Vocabulary {
  const words = new Set<string>();
  for (const text of catalog.productTexts) {
    // "Slip-On" is written "slip on" too: both the whole word and its parts are catalog words.
    for (const token of normalizeMessage(text).tokens) for (const word of [token, ...token.split('-')]) if (word.length >= 2) words.add(word);
  }
  for (const group of productSynonyms) if (group.some((word) => words.has(word))) for (const word of group) words.add(word);
  const colours = new Map<string, string>();
  for (const colour of catalog.colours) colours.set(colour.toLowerCase(), colour);
  const sizes = new Set(catalog.sizes.map((size) => size.toLowerCase()));
  const cities = new Set([...cityWords, ...catalog.cities.map((city) => city.toLowerCase())]);
  return { words, colours, sizes, cities };
}

export const emptyVocabulary: Vocabulary = buildVocabulary({ productTexts: [], colours: [], sizes: [], cities: [] });

const knownColourWords = new Set(Object.values(colourWords).flat().filter((word) => !word.includes(' ')));

/** Shortest word that may be two edits away from its correction. Shorter words allow one, so "samsung" is not "sarung". */
const twoEditsFrom = 9;
/** Minimum trigram similarity between a word and its correction, so that a different word sharing letters is not taken. */
const minTypoSimilarity = 0.4;

/**
 * Returns the catalog word closest to `token` when it is a likely typo: one edit for words of four to
 * eight letters, two edits from nine, and enough trigrams in common (one edit in a word of up to five
 * letters needs none). Returns the token itself when it is already known or has no close word.
 */
export function correctTypo(token: string, vocabulary: Vocabulary): string {
  if (vocabulary.words.has(token) || knownColourWords.has(token) || vocabulary.colours.has(token)) return token;
  if (token.length < 4 || /\d/.test(token)) return token;
  const allowed = token.length >= twoEditsFrom ? 2 : 1;
  let best: string | undefined;
  let bestDistance = allowed + 1;
  const candidates = [...vocabulary.words, ...knownColourWords, ...vocabulary.colours.keys(), ...vocabulary.cities];
  for (const word of candidates) {
    if (Math.abs(word.length - token.length) > allowed || word.length < 4) continue;
    const distance = editDistance(token, word, allowed);
    if (distance < bestDistance && (distance === 0 || trigramSimilarity(token, word) >= minTypoSimilarity || (distance === 1 && token.length <= 5))) {
      bestDistance = distance;
      best = word;
    }
  }
  return best ?? token;
}

/** Optimal string alignment distance (Damerau-Levenshtein with adjacent swaps), cut off above `limit`. */
export function editDistance(a: string, b: string, limit: number): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const table: number[][] = Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i < rows; i += 1) {
    let rowMin = Number.POSITIVE_INFINITY;
    for (let j = 1; j < cols; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(table[i - 1]![j]! + 1, table[i]![j - 1]! + 1, table[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, table[i - 2]![j - 2]! + 1);
      table[i]![j] = value;
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
  }
  return table[a.length]![b.length]!;
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const grams = new Set<string>();
  for (let index = 0; index + 3 <= padded.length; index += 1) grams.add(padded.slice(index, index + 3));
  return grams;
}

/** Trigram similarity as pg_trgm computes it for one word: shared trigrams over all trigrams of both. */
export function trigramSimilarity(a: string, b: string): number {
  const left = trigrams(a);
  const right = trigrams(b);
  let shared = 0;
  for (const gram of left) if (right.has(gram)) shared += 1;
  return shared / (left.size + right.size - shared);
}
