import Sentiment from 'sentiment';
import { FINANCE_LEXICON, scoreText, sentimentAnalysis, validateSentimentAnalysis } from './sentiment';
import { QuantInputError } from './problems';

describe('scoreText', () => {
  it('scores finance words from the finance lexicon, in text order', () => {
    const r = scoreText('Acme beats estimates, shares surge to record high');
    // beats +3, surge +3, record +2, high +1 ("shares" is neutral in finance)
    expect(r.drivers).toEqual([
      { word: 'beats', score: 3 },
      { word: 'surge', score: 3 },
      { word: 'record', score: 2 },
      { word: 'high', score: 1 },
    ]);
    expect(r.score).toBe(9);
    expect(r.normalized).toBeCloseTo(9 / Math.sqrt(81 + 15), 15);
    expect(r.comparative).toBeCloseTo(9 / 8, 15);
    expect(r.label).toBe('positive');
  });

  it('uses AFINN for general words and flips a word after a negator', () => {
    expect(scoreText('Profit warning: outlook is not good').drivers).toEqual([
      { word: 'profit', score: 2 },
      { word: 'warning', score: -3 },
      { word: 'good', score: -3 },
    ]);
    expect(scoreText('Bank fails to avoid bankruptcy').score).toBeLessThan(0);
    expect(scoreText('Company did not miss estimates').drivers).toEqual([{ word: 'miss', score: 3 }]);
  });

  it('treats AFINN words that are neutral in finance as neutral', () => {
    expect(scoreText('Gross margin and free cash flow per share').score).toBe(0);
    expect(scoreText('Gross margin and free cash flow per share').label).toBe('neutral');
  });

  it('does not leak the finance lexicon into the package’s shared English labels', () => {
    scoreText('stock plunges');
    expect(new Sentiment().analyze('stock plunges').score).toBe(0);
    expect(FINANCE_LEXICON.plunges).toBe(-3);
  });
});

describe('sentimentAnalysis', () => {
  it('scores each headline and aggregates', () => {
    const r = sentimentAnalysis({
      headlines: [
        'Acme upgraded to buy as profits soar',
        { id: 'n2', text: 'Regulator opens probe into Acme accounting fraud' },
        'Acme to report results on Tuesday',
      ],
    });
    expect(r.items.map((i) => i.label)).toEqual(['positive', 'negative', 'neutral']);
    expect(r.items[1].id).toBe('n2');
    expect(r.items[0].score).toBe(3 + 2 + 3); // upgraded, profits (AFINN), soar
    expect(r.items[1].score).toBe(-2 - 5); // probe, fraud
    expect(r.aggregate.count).toBe(3);
    expect(r.aggregate.positive).toBe(1);
    expect(r.aggregate.negative).toBe(1);
    expect(r.aggregate.neutral).toBe(1);
    expect(r.aggregate.meanScore).toBeCloseTo(1 / 3, 15);
    const n = (s: number) => s / Math.sqrt(s * s + 15);
    expect(r.aggregate.meanNormalized).toBeCloseTo((n(8) + n(-7)) / 3, 15);
    expect(r.aggregate.topDrivers[0]).toEqual({ word: 'fraud', total: -5, count: 1 });
  });

  it('accepts a free text and is deterministic', () => {
    const a = sentimentAnalysis({ text: 'Markets tumble on recession fears' });
    expect(a.items[0].score).toBe(-3 - 3 - 2);
    expect(sentimentAnalysis({ text: 'Markets tumble on recession fears' })).toEqual(a);
  });

  it('names bad fields', () => {
    expect(validateSentimentAnalysis({})).toEqual([{ field: 'headlines', message: 'give headlines or text' }]);
    expect(
      validateSentimentAnalysis({ headlines: ['ok', 5, { text: 1 }, { id: 3, text: 'x' }] }).map((p) => p.field),
    ).toEqual(['headlines[1]', 'headlines[2].text', 'headlines[3].id']);
    expect(validateSentimentAnalysis({ text: 'x'.repeat(10_001) })[0].field).toBe('text');
    expect(() => sentimentAnalysis({})).toThrow(QuantInputError);
  });
});
