import { MASK } from '@app/infrastructure';
import { AttributeMasker } from './mask-attributes';

describe('AttributeMasker', () => {
  const masker = new AttributeMasker({
    sensitiveKeys: ['accountNumber'],
    secretValues: ['sk-lf-very-secret-value', 'short'],
  });

  it('masks values under secret-looking and configured keys, keeps the rest', () => {
    const attrs = masker.mask({
      'http.request.header.authorization': 'Bearer abc.def.ghi',
      'app.api_key': 'k-123456789',
      'customer.accountNumber': 'DE0012345678',
      'http.route': '/api/v1/tasks/:id',
      'task.id': '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
    });
    expect(attrs).toEqual({
      'http.request.header.authorization': MASK,
      'app.api_key': MASK,
      'customer.accountNumber': MASK,
      'http.route': '/api/v1/tasks/:id',
      'task.id': '01JD3Z8X6Q4W3N5R7T9V1B2C3D',
    });
  });

  it('keeps token counts (numbers under *_tokens) but masks a string token', () => {
    const attrs = masker.mask({
      'gen_ai.usage.input_tokens': 120,
      'gen_ai.usage.output_tokens': 30,
      'auth.token': 'eyJhbGciOi',
    });
    expect(attrs).toEqual({ 'gen_ai.usage.input_tokens': 120, 'gen_ai.usage.output_tokens': 30, 'auth.token': MASK });
  });

  it('masks inside JSON-valued attributes at any depth, keeping the JSON valid', () => {
    const input = JSON.stringify({
      prompt: 'hello',
      config: { apiKey: 'abc123456', nested: [{ password: 'p4ss', ok: 1 }] },
      max_tokens: 200,
    });
    const out = masker.mask({ 'langfuse.observation.input': input })['langfuse.observation.input'] as string;
    expect(JSON.parse(out)).toEqual({
      prompt: 'hello',
      config: { apiKey: MASK, nested: [{ password: MASK, ok: 1 }] },
      max_tokens: 200,
    });
  });

  it('blanks configured secret values, auth schemes and secret query parameters inside any string', () => {
    const attrs = masker.mask({
      'exception.message': 'upstream said: key sk-lf-very-secret-value is invalid',
      'log.line': 'sent Authorization: Basic cGs6c2s= to server',
      'url.full': 'http://x/y?token=abc&page=2&api-key=zzz',
      list: ['Bearer aaaa.bbbb', 'plain'],
      short: 'short is not long enough to be treated as a secret value',
    });
    expect(attrs['exception.message']).toBe(`upstream said: key ${MASK} is invalid`);
    expect(attrs['log.line']).toBe(`sent Authorization: Basic ${MASK} to server`);
    expect(attrs['url.full']).toBe(
      `http://x/y?token=${encodeURIComponent(MASK)}&page=2&api-key=${encodeURIComponent(MASK)}`,
    );
    expect(attrs.list).toEqual([`Bearer ${MASK}`, 'plain']);
    expect(attrs.short).toBe('short is not long enough to be treated as a secret value');
  });

  it('masks in place and leaves empty values alone', () => {
    const attrs: Record<string, string> = { secret: '', password: 'x' };
    masker.maskInPlace(attrs);
    expect(attrs).toEqual({ secret: '', password: MASK });
  });
});
