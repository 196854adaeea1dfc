import Sentiment from 'sentiment';
import enLabels from 'sentiment/languages/en/labels.json';
import { Problem, QuantInputError } from './problems';

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
export const FINANCE_LEXICON: Readonly<Record<string, number>> = Object.freeze({
  // market moves, up
  surge: 3,
  surges: 3,
  surged: 3,
  surging: 3,
  soar: 3,
  soars: 3,
  soared: 3,
  soaring: 3,
  rally: 2,
  rallies: 2,
  rallied: 2,
  rallying: 2,
  jump: 2,
  jumps: 2,
  jumped: 2,
  climb: 1,
  climbs: 1,
  climbed: 1,
  rebound: 2,
  rebounds: 2,
  rebounded: 2,
  recover: 2,
  recovers: 2,
  recovered: 2,
  recovery: 2,
  gain: 2,
  gains: 2,
  gained: 2,
  rise: 1,
  rises: 1,
  rose: 1,
  rising: 1,
  advance: 1,
  advances: 1,
  advanced: 1,
  high: 1,
  highs: 1,
  'all-time': 1,
  boom: 2,
  booming: 3,
  bullish: 3,
  bull: 2,
  outperform: 2,
  outperforms: 2,
  outperformed: 2,
  outperforming: 2,
  overweight: 2,
  // market moves, down
  plunge: -3,
  plunges: -3,
  plunged: -3,
  plunging: -3,
  plummet: -3,
  plummets: -3,
  plummeted: -3,
  tumble: -3,
  tumbles: -3,
  tumbled: -3,
  slump: -3,
  slumps: -3,
  slumped: -3,
  crash: -4,
  crashes: -4,
  crashed: -4,
  sink: -2,
  sinks: -2,
  sank: -2,
  slide: -2,
  slides: -2,
  slid: -2,
  drop: -2,
  drops: -2,
  dropped: -2,
  fall: -2,
  falls: -2,
  fell: -2,
  falling: -2,
  decline: -2,
  declines: -2,
  declined: -2,
  declining: -2,
  dip: -1,
  dips: -1,
  dipped: -1,
  tank: -3,
  tanks: -3,
  tanked: -3,
  selloff: -3,
  'sell-off': -3,
  rout: -3,
  low: -1,
  lows: -1,
  bearish: -3,
  bear: -2,
  underperform: -2,
  underperforms: -2,
  underperformed: -2,
  underweight: -2,
  volatile: -1,
  volatility: -1,
  // analyst actions and earnings
  upgrade: 3,
  upgrades: 3,
  upgraded: 3,
  downgrade: -3,
  downgrades: -3,
  downgraded: -3,
  beat: 3,
  beats: 3,
  topped: 2,
  exceed: 2,
  exceeds: 2,
  exceeded: 2,
  miss: -3,
  misses: -3,
  missed: -3,
  shortfall: -3,
  record: 2,
  profitable: 2,
  profitability: 1,
  unprofitable: -2,
  writedown: -3,
  'write-down': -3,
  impairment: -3,
  raise: 1,
  raises: 1,
  raised: 1,
  lower: -1,
  lowers: -1,
  lowered: -1,
  'buy-back': 2,
  buyback: 2,
  buybacks: 2,
  dividend: 1,
  dividends: 1,
  // corporate events, risk
  bankruptcy: -5,
  bankrupt: -5,
  insolvency: -5,
  insolvent: -5,
  default: -4,
  defaults: -4,
  defaulted: -4,
  layoffs: -3,
  layoff: -3,
  recall: -2,
  recalls: -2,
  recalled: -2,
  probe: -2,
  probes: -2,
  investigation: -2,
  subpoena: -3,
  fined: -3,
  penalty: -2,
  sanctions: -2,
  lawsuit: -2,
  lawsuits: -2,
  fraud: -5,
  scandal: -4,
  restatement: -3,
  delisting: -4,
  delisted: -4,
  recession: -3,
  stagflation: -3,
  downturn: -3,
  headwinds: -2,
  headwind: -2,
  tailwinds: 2,
  tailwind: 2,
  uncertainty: -1,
  concern: -1,
  concerns: -1,
  fears: -2,
  expansion: 1,
  expands: 1,
  approval: 2,
  approved: 2,
  approves: 2,
  breakthrough: 3,
  'cost-cutting': 1,
  warning: -3,
  warns: -3,
  warned: -3,
});

/** AFINN words that carry no sentiment in financial text. */
export const FINANCE_NEUTRAL: readonly string[] = [
  'gross',
  'share',
  'shares',
  'interest',
  'free',
  'demand',
  'limited',
  'fine',
  'charges',
];

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
  if (input === null || typeof input !== 'object' || Array.isArray(input))
    return [{ field: 'input', message: 'must be an object' }];
  const o = input as Record<string, unknown>;
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
