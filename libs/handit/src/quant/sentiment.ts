import Sentiment from 'sentiment';
import enLabels from 'sentiment/languages/en/labels.json';
import { FINANCE_LEXICON, FINANCE_NEUTRAL } from './finance-lexicon';
import { Problem, QuantInputError, inputFields, notAnObject } from './problems';

/**
 * sentiment_analysis: lexicon-based scoring of news headlines and short texts.
 *
 * Lexicon: AFINN-165 (Finn Årup Nielsen; word valences −5…+5, via the `sentiment` package, which
 * also tokenises and flips a word's sign after a negator such as "not", "don't", "isn't") extended by
 * {@link FINANCE_LEXICON}, a finance word list written for this service (market moves, analyst
 * actions, earnings language, corporate events), and with {@link FINANCE_NEUTRAL} AFINN words
 * removed that are neutral in finance ("gross margin", "shares", "interest", "free cash flow").
 *
 * Per item: score = sum of the valences of the words found; comparative = score / number of
 * tokens; normalized = score / √(score² + 15) in (−1, 1) (VADER's normalisation, α = 15); label
 * positive when normalized ≥ 0.05, negative when ≤ −0.05, else neutral; drivers = the words that
 * scored, with their (negation-adjusted) valence.
 * Aggregate: mean normalized score and its label, mean raw score, counts per label, and the words
 * with the largest total contribution across items.
 */
export { FINANCE_LEXICON, FINANCE_NEUTRAL } from './finance-lexicon';

const NEGATORS = new Set([
  'not',
  'no',
  'never',
  'without',
  "isn't",
  'isnt',
  "don't",
  'dont',
  "doesn't",
  'doesnt',
  "didn't",
  'didnt',
  "won't",
  'wont',
  "can't",
  'cant',
  'non',
  "wasn't",
  'wasnt',
  "aren't",
  'arent',
]);

const LANGUAGE = 'finance-en';
let engine: Sentiment | undefined;

function analyzer(): Sentiment {
  if (engine) return engine;
  const labels: Record<string, number> = { ...(enLabels as Record<string, number>), ...FINANCE_LEXICON };
  for (const w of FINANCE_NEUTRAL) delete labels[w];
  engine = new Sentiment();
  // A language of our own: `analyze(text, { extras })` would merge the extras into the package's
  // shared English labels (Object.assign on the cached object), leaking them process-wide.
  engine.registerLanguage(LANGUAGE, {
    labels,
    scoringStrategy: {
      apply: (tokens: string[], cursor: number, score: number) =>
        cursor > 0 && NEGATORS.has(tokens[cursor - 1]) ? -score : score,
    },
  });
  return engine;
}

export interface SentimentItemInput {
  id?: string;
  text: string;
}

export interface SentimentAnalysisInput {
  headlines?: (string | SentimentItemInput)[];
  text?: string;
}

export type SentimentLabel = 'positive' | 'negative' | 'neutral';

export interface SentimentItem {
  id?: string;
  text: string;
  score: number;
  comparative: number;
  normalized: number;
  label: SentimentLabel;
  drivers: { word: string; score: number }[];
}

export interface SentimentAnalysisResult {
  items: SentimentItem[];
  aggregate: {
    count: number;
    meanScore: number;
    meanNormalized: number;
    label: SentimentLabel;
    positive: number;
    negative: number;
    neutral: number;
    topDrivers: { word: string; total: number; count: number }[];
  };
}

export const MAX_SENTIMENT_ITEMS = 1000;
export const MAX_SENTIMENT_TEXT = 10_000;

const labelOf = (n: number): SentimentLabel => (n >= 0.05 ? 'positive' : n <= -0.05 ? 'negative' : 'neutral');

/** Scores one text. */
export function scoreText(text: string): Omit<SentimentItem, 'id'> {
  const r = analyzer().analyze(text, { language: LANGUAGE });
  // `calculation` lists the scored words from the last to the first; report them in text order.
  const drivers = r.calculation
    .map((c) => Object.entries(c)[0])
    .reverse()
    .map(([word, score]) => ({ word, score: score as number }));
  const score = r.score;
  return {
    text,
    score,
    comparative: r.comparative,
    normalized: score / Math.sqrt(score * score + 15),
    label: labelOf(score / Math.sqrt(score * score + 15)),
    drivers,
  };
}

export function validateSentimentAnalysis(input: unknown): Problem[] {
  const o = inputFields(input);
  if (!o) return notAnObject();
  const problems: Problem[] = [];
  if (o.headlines === undefined && o.text === undefined)
    return [{ field: 'headlines', message: 'give headlines or text' }];
  if (o.text !== undefined && (typeof o.text !== 'string' || o.text.length > MAX_SENTIMENT_TEXT)) {
    problems.push({ field: 'text', message: `must be a string of at most ${MAX_SENTIMENT_TEXT} characters` });
  }
  if (o.headlines !== undefined) {
    if (!Array.isArray(o.headlines) || o.headlines.length > MAX_SENTIMENT_ITEMS) {
      problems.push({ field: 'headlines', message: `must be an array of at most ${MAX_SENTIMENT_ITEMS} headlines` });
    } else {
      o.headlines.forEach((h: unknown, i: number) => {
        const text =
          typeof h === 'string'
            ? h
            : h !== null && typeof h === 'object'
              ? (h as Record<string, unknown>).text
              : undefined;
        const field = h !== null && typeof h === 'object' ? `headlines[${i}].text` : `headlines[${i}]`;
        if (typeof text !== 'string' || text.length > MAX_SENTIMENT_TEXT) {
          problems.push({ field, message: `must be a string of at most ${MAX_SENTIMENT_TEXT} characters` });
        }
        if (
          h !== null &&
          typeof h === 'object' &&
          (h as Record<string, unknown>).id !== undefined &&
          typeof (h as Record<string, unknown>).id !== 'string'
        ) {
          problems.push({ field: `headlines[${i}].id`, message: 'must be a string' });
        }
      });
    }
  }
  return problems;
}

/** sentiment_analysis: per-item and aggregate scores with the words that drove them. */
export function sentimentAnalysis(input: SentimentAnalysisInput): SentimentAnalysisResult {
  const problems = validateSentimentAnalysis(input);
  if (problems.length > 0) throw new QuantInputError(problems);
  const sources: SentimentItemInput[] = [
    ...(input.headlines ?? []).map((h) => (typeof h === 'string' ? { text: h } : h)),
    ...(input.text !== undefined ? [{ text: input.text }] : []),
  ];
  const items: SentimentItem[] = sources.map((s) => ({
    ...(s.id !== undefined ? { id: s.id } : {}),
    ...scoreText(s.text),
  }));
  const n = items.length;
  const meanNormalized = n ? items.reduce((a, x) => a + x.normalized, 0) / n : 0;
  const totals = new Map<string, { total: number; count: number }>();
  for (const it of items) {
    for (const d of it.drivers) {
      const t = totals.get(d.word) ?? { total: 0, count: 0 };
      t.total += d.score;
      t.count++;
      totals.set(d.word, t);
    }
  }
  const topDrivers = [...totals.entries()]
    .map(([word, t]) => ({ word, ...t }))
    .sort((a, b) => Math.abs(b.total) - Math.abs(a.total) || a.word.localeCompare(b.word))
    .slice(0, 10);
  return {
    items,
    aggregate: {
      count: n,
      meanScore: n ? items.reduce((a, x) => a + x.score, 0) / n : 0,
      meanNormalized,
      label: labelOf(meanNormalized),
      positive: items.filter((x) => x.label === 'positive').length,
      negative: items.filter((x) => x.label === 'negative').length,
      neutral: items.filter((x) => x.label === 'neutral').length,
      topDrivers,
    },
  };
}
