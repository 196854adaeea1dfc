import { createHash } from 'node:crypto';
import { canonicalEntry, entryHash, GENESIS_HASH, linkEntries, prepareEntry, storableText } from './audit-chain';

const AT = new Date('2026-11-25T12:00:00.000Z');

describe('audit chain', () => {
  it('serialises an entry canonically: version, fields in a fixed order, key-sorted details, previous hash', () => {
    const input = {
      at: AT,
      principalId: 'ops',
      tenant: 't1',
      action: 'POST /api/v1/x',
      target: 'x1',
      status: 201,
      outcome: 'success',
      requestId: 'r1',
      sourceIp: '10.0.0.1',
      details: { z: 1, a: 'b' },
    };
    const entry = { ...prepareEntry(input, '01JD3Z8X6Q4W3N5R7T9V1B2C3D', AT), seq: 7, prevHash: GENESIS_HASH };
    const expected =
      '[1,7,"01JD3Z8X6Q4W3N5R7T9V1B2C3D","2026-11-25T12:00:00.000Z","ops","t1","POST /api/v1/x","x1",201,' +
      `"success","r1","10.0.0.1","{\\"a\\":\\"b\\",\\"z\\":1}","${GENESIS_HASH}"]`;
    expect(canonicalEntry(entry)).toBe(expected);
    expect(entryHash(entry)).toBe(createHash('sha256').update(expected).digest('hex'));
    // The same details in another key order hash the same; any changed field does not.
    expect(entryHash({ ...entry, details: { a: 'b', z: 1 } })).toBe(entryHash(entry));
    expect(entryHash({ ...entry, outcome: 'failure' })).not.toBe(entryHash(entry));
    expect(entryHash({ ...entry, seq: 8 })).not.toBe(entryHash(entry));
  });

  it('links entries after the head with consecutive numbers, each holding the hash of the one before', () => {
    const entries = ['a', 'b', 'c'].map((action, i) => prepareEntry({ action, outcome: 'success' }, `id${i}`, AT));
    const [a, b, c] = linkEntries({ seq: 41, hash: 'f'.repeat(64) }, entries);
    expect([a.seq, b.seq, c.seq]).toEqual([42, 43, 44]);
    expect(a.prevHash).toBe('f'.repeat(64));
    expect(b.prevHash).toBe(a.hash);
    expect(c.prevHash).toBe(b.hash);
    expect(c.hash).toBe(entryHash({ ...c }));
  });

  it('cleans and bounds what it stores: control characters, lone surrogates, long text and huge details', () => {
    expect(storableText('a\u0000b\ud800c\tline\n', 200)).toBe('a\ufffdb\ufffdc\tline\n');
    expect(storableText('😀😀😀', 3)).toBe('😀…');
    expect(storableText('', 10)).toBeNull();
    const long = { action: 'x'.repeat(500), outcome: 'failure', status: 4000, details: { big: 'y'.repeat(40_000) } };
    const prepared = prepareEntry(long, 'id', AT);
    expect(prepared.action).toHaveLength(200);
    expect(prepared.status).toBeNull();
    expect(prepared.details).toMatchObject({ big: expect.any(String) });
    const details = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, 'z'.repeat(1500)]));
    const huge = prepareEntry({ action: 'x', outcome: 'f', details }, 'id', AT);
    expect(huge.details).toEqual({ truncated: true, bytes: expect.any(Number) });
  });

  it('refuses an entry without action or outcome', () => {
    expect(() => prepareEntry({ action: '', outcome: 'success' }, 'id', AT)).toThrow(/action is required/);
    expect(() => prepareEntry({ action: 'a', outcome: '' }, 'id', AT)).toThrow(/outcome is required/);
  });
});
