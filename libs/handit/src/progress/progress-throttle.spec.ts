import { throttleProgress } from './progress-throttle';

describe('throttleProgress', () => {
  it('passes the first report, drops those within the interval, and always passes the completion', () => {
    let clock = 0;
    const sent: number[] = [];
    const report = throttleProgress(
      (r) => sent.push(r.fraction),
      100,
      () => clock,
    );
    report({ fraction: 0.1, message: 'a' });
    clock = 50;
    report({ fraction: 0.2, message: 'b' });
    clock = 120;
    report({ fraction: 0.3, message: 'c' });
    clock = 130;
    report({ fraction: 1, message: 'done' });
    expect(sent).toEqual([0.1, 0.3, 1]);
  });

  it('clamps fractions to [0, 1], never lets them go back, and bounds the message', () => {
    const sent: { fraction: number; message: string }[] = [];
    const report = throttleProgress((r) => sent.push(r), 0);
    report({ fraction: 0.5, message: 'x'.repeat(500) });
    report({ fraction: 0.2, message: 'back' });
    report({ fraction: 7, message: 'over' });
    report({ fraction: Number.NaN, message: 'nan' });
    expect(sent.map((r) => r.fraction)).toEqual([0.5, 0.5, 1, 1]);
    expect(sent[0].message).toHaveLength(200);
  });
});
