/**
 * Text helpers shared by the near-duplicate rule and the full-text query builders. Tokens are
 * runs of letters and digits after NFKC + lower-casing, so "EUR/USD!" and "eur usd" agree.
 */
const TOKEN = /[\p{L}\p{N}]+/gu;

/** Longest token we keep; longer runs are noise (hashes, base64) and would bloat FTS queries. */
const MAX_TOKEN_LENGTH = 64;

export function tokenize(text: string): string[] {
  const normalised = text.normalize('NFKC').toLowerCase();
  return (normalised.match(TOKEN) ?? []).filter((t) => t.length <= MAX_TOKEN_LENGTH);
}

/**
 * Word bigrams (unigrams for one-word texts). Bigrams keep word order, so "buy EUR sell USD"
 * and "sell EUR buy USD" do not count as duplicates although they share every word.
 */
export function shingles(text: string): Set<string> {
  const tokens = tokenize(text);
  if (tokens.length < 2) return new Set(tokens);
  const out = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) out.add(`${tokens[i]} ${tokens[i + 1]}`);
  return out;
}

/** Jaccard similarity |A∩B| / |A∪B|; two empty sets count as different (nothing to compare). */
export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const x of small) if (large.has(x)) common++;
  return common / (a.size + b.size - common);
}

/** The near-duplicate measure of the dedupe rule (README: "Context-aware updates"). */
export function contentSimilarity(a: string, b: string): number {
  return jaccard(shingles(a), shingles(b));
}

/** Distinct query terms, first `max` of them: bounds the work one search can ask of the engine. */
export function queryTerms(text: string, max = 32): string[] {
  return [...new Set(tokenize(text))].slice(0, max);
}
