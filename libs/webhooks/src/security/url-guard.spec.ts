import { WebhookAllowlist, WebhookUrlGuard } from './url-guard';

const dns = (answers: Record<string, string[]>) => async (host: string) =>
  (answers[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('WebhookUrlGuard (SSRF)', () => {
  const guard = (allow: string[] = [], answers: Record<string, string[]> = {}) =>
    new WebhookUrlGuard(new WebhookAllowlist(allow), dns(answers));

  it.each([
    ['http://127.0.0.1:9000/hook', /loopback/],
    ['http://[::1]/hook', /loopback/],
    ['http://10.1.2.3/hook', /private/],
    ['http://192.168.0.10/hook', /private/],
    ['http://172.16.5.5/hook', /private/],
    ['http://169.254.169.254/latest/meta-data', /linkLocal/],
    ['http://[fe80::1]/hook', /linkLocal/],
    ['http://[fd00::1]/hook', /uniqueLocal/],
    ['http://0.0.0.0/hook', /unspecified/],
    ['http://[::ffff:127.0.0.1]/hook', /loopback/],
    ['http://100.64.0.1/hook', /carrierGradeNat/],
  ])('refuses %s', async (url, reason) => {
    await expect(guard().vet(url)).rejects.toThrow(reason);
  });

  it('checks every address a name resolves to, not the name', async () => {
    const answers = { 'hooks.example.com': ['93.184.216.34', '10.0.0.7'], 'ok.example.com': ['93.184.216.34'] };
    await expect(guard([], answers).vet('https://hooks.example.com/x')).rejects.toThrow(/10\.0\.0\.7 \(private\)/);
    await expect(guard([], answers).vet('https://ok.example.com/x')).resolves.toMatchObject({
      address: '93.184.216.34',
      family: 4,
    });
    await expect(guard([], answers).vet('https://nowhere.example.com/x')).rejects.toThrow(/does not resolve/);
  });

  it('allows listed CIDRs, addresses and hosts, and only those', async () => {
    const answers = { 'receiver.internal': ['10.9.8.7'], 'api.corp.example': ['192.168.1.2'] };
    const g = guard(['127.0.0.1', '10.0.0.0/8', '*.corp.example'], answers);
    await expect(g.vet('http://127.0.0.1:8080/h')).resolves.toMatchObject({ address: '127.0.0.1' });
    await expect(g.vet('http://receiver.internal/h')).resolves.toMatchObject({ address: '10.9.8.7' });
    await expect(g.vet('http://api.corp.example/h')).resolves.toMatchObject({ address: '192.168.1.2' });
    await expect(g.vet('http://127.0.0.2/h')).rejects.toThrow(/loopback/);
  });

  it.each([
    ['ftp://example.com/x', /http or https/],
    ['not a url', /absolute/],
    ['https://user:pw@example.com/x', /credentials/],
  ])('refuses the form of %s', async (url, reason) => {
    await expect(guard().vet(url)).rejects.toThrow(reason);
  });

  it('judges literal addresses and localhost names without DNS when a request is validated', () => {
    expect(() => guard().checkLiteral('http://127.0.0.1:9000/h')).toThrow(/loopback/);
    expect(() => guard().checkLiteral('http://localhost:9000/h')).toThrow(/loopback/);
    expect(() => guard().checkLiteral('http://10.0.0.1/h')).toThrow(/private/);
    expect(() => guard().checkLiteral('https://hooks.example.com/h')).not.toThrow();
    expect(() => guard(['127.0.0.1']).checkLiteral('http://127.0.0.1:9000/h')).not.toThrow();
    expect(() => guard(['localhost']).checkLiteral('http://localhost:9000/h')).not.toThrow();
  });
});
