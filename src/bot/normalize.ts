import { slang } from './lexicon.js';

/** A customer message reduced to lowercase word tokens with slang rewritten to standard words. */
export interface NormalizedText {
  /** Tokens joined by single spaces, for phrase patterns. */
  text: string;
  tokens: string[];
  /** Lowercase words before slang rewriting; language detection reads these. */
  rawTokens: string[];
}

/** Lowercases, strips punctuation and emoji, squeezes stretched letters ("readyyy") and rewrites slang. */
export function normalizeMessage(raw: string): NormalizedText {
  const lowered = raw
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/['’`]/g, '')
    // "t-shirt" and "abu-abu" keep their hyphen; other punctuation separates words.
    .replace(/[^a-z0-9#\-\s]/g, ' ')
    .replace(/(^|\s)-+|-+(\s|$)/g, ' ');

  const tokens: string[] = [];
  const rawTokens: string[] = [];
  for (const word of lowered.split(/\s+/)) {
    if (!word) continue;
    const squeezed = word.replace(/([a-z])\1{2,}/g, '$1');
    rawTokens.push(squeezed);
    const rewritten = rewriteSlang(squeezed);
    for (const part of rewritten.split(' ')) if (part) tokens.push(part);
  }
  return { text: tokens.join(' '), tokens, rawTokens };
}

function rewriteSlang(word: string): string {
  if (word in slang) return slang[word]!;
  // Reduplication written with a 2 ("baju2") means the plural of the same word.
  const plural = /^([a-z]{3,})2$/.exec(word);
  if (plural) return rewriteSlang(plural[1]!);
  if (word.endsWith('nya') && word.length > 5) {
    const stem = word.slice(0, -3);
    if (stem in slang) return slang[stem]!;
    return stem;
  }
  return word;
}
