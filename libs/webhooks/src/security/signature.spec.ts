import { createHmac } from 'node:crypto';
import { newWebhookSecret, signWebhook } from './signature';

describe('webhook signatures', () => {
  it('signs "<timestamp>.<body>" with HMAC-SHA256 and says the timestamp', () => {
    const body = '{"event":"task.succeeded"}';
    const expected = createHmac('sha256', 'whsec_test').update(`1700000000.${body}`).digest('hex');
    expect(signWebhook('whsec_test', 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('makes a different, long secret each time', () => {
    const a = newWebhookSecret();
    expect(a).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(newWebhookSecret()).not.toBe(a);
  });
});
