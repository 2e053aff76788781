import { createHash } from 'node:crypto';
import OpenAI from 'openai';
import type { Config } from '../config/index.js';
import { normalizeMessage } from './normalize.js';
import { embeddingDimensions } from './schema.js';

/** Turns texts into unit vectors of `embeddingDimensions` numbers. */
export interface Embedder {
  /** Stored with the index, so that a change of model rebuilds it. */
  model: string;
  embed(texts: string[]): Promise<number[][]>;
}

/**
 * A local embedding computed in the process: word and character-trigram features hashed into a fixed
 * number of buckets (the hashing trick), signed, L2-normalised. It captures spelling closeness
 * ("snekers" near "sneakers"), not meaning; synonyms are added to the text before embedding.
 */
export const localEmbedder: Embedder = {
  model: `local-hash-${embeddingDimensions}`,
  async embed(texts) {
    return texts.map(embedLocally);
  },
};

export function embedLocally(text: string): number[] {
  const vector = new Array<number>(embeddingDimensions).fill(0);
  for (const token of normalizeMessage(text).tokens) {
    addFeature(vector, `w:${token}`, 1);
    const padded = `^${token}$`;
    for (let i = 0; i + 3 <= padded.length; i += 1) addFeature(vector, `t:${padded.slice(i, i + 3)}`, 0.5);
  }
  const norm = Math.hypot(...vector);
  return norm === 0 ? vector : vector.map((value) => value / norm);
}

function addFeature(vector: number[], feature: string, weight: number): void {
  const digest = createHash('md5').update(feature).digest();
  const bucket = digest.readUInt32LE(0) % embeddingDimensions;
  const sign = (digest[4]! & 1) === 0 ? 1 : -1;
  vector[bucket] = vector[bucket]! + sign * weight;
}

/** OpenAI-compatible embeddings, asked for `embeddingDimensions` numbers (text-embedding-3 models support it). */
export function createOpenAiEmbedder(config: Config): Embedder {
  const client = new OpenAI({ apiKey: config.OPENAI_API_KEY, baseURL: config.OPENAI_BASE_URL, maxRetries: 1, timeout: 10_000 });
  return {
    model: `${config.OPENAI_EMBEDDING_MODEL}-${embeddingDimensions}`,
    async embed(texts) {
      const response = await client.embeddings.create({
        model: config.OPENAI_EMBEDDING_MODEL,
        input: texts,
        dimensions: embeddingDimensions,
        // The openai SDK asks for base64 unless told otherwise; float is the API's documented default
        // encoding, so servers that only mimic the API return it too.
        encoding_format: 'float',
      });
      const vectors = response.data.map((item) => item.embedding);
      const wrong = vectors.find((vector) => vector.length !== embeddingDimensions);
      if (wrong) {
        throw new Error(`Embedding model ${config.OPENAI_EMBEDDING_MODEL} returned ${wrong.length} dimensions, expected ${embeddingDimensions}; choose a model that supports the dimensions parameter.`);
      }
      return vectors;
    },
  };
}

/** Chooses the OpenAI embedder when an API key is configured, otherwise the local one. */
export function selectEmbedder(config: Config): Embedder {
  return config.OPENAI_API_KEY ? createOpenAiEmbedder(config) : localEmbedder;
}
