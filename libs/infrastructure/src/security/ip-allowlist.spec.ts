import { IpAllowlist, IpAllowlistParseError, parseIpAllowlist } from './ip-allowlist';

describe('parseIpAllowlist', () => {
  it('parses addresses and CIDRs of both families', () => {
    expect(parseIpAllowlist('10.0.0.0/8, 192.168.1.7 ,2001:db8::/32,::1,')).toEqual([
      { address: '10.0.0.0', prefix: 8, family: 'ipv4' },
      { address: '192.168.1.7', prefix: 32, family: 'ipv4' },
      { address: '2001:db8::', prefix: 32, family: 'ipv6' },
      { address: '::1', prefix: 128, family: 'ipv6' },
    ]);
  });

  it.each([
    ['10.0.0.0/33', /prefix length must be 0-32/],
    ['2001:db8::/129', /prefix length must be 0-128/],
    ['10.0.0.0/abc', /prefix length/],
    ['example.com', /not an IPv4 or IPv6/],
    ['300.1.1.1', /not an IPv4 or IPv6/],
  ])('rejects %s', (entry, message) => {
    expect(() => parseIpAllowlist([entry])).toThrow(message);
    expect(() => parseIpAllowlist([entry])).toThrow(IpAllowlistParseError);
  });
});

describe('IpAllowlist', () => {
  it('allows everyone when empty', () => {
    const list = IpAllowlist.from([]);
    expect(list.enabled).toBe(false);
    expect(list.allows('8.8.8.8')).toBe(true);
  });

  it('matches IPv4 CIDRs and single addresses', () => {
    const list = IpAllowlist.from(['10.0.0.0/8', '192.168.1.7']);
    expect(list.allows('10.200.3.4')).toBe(true);
    expect(list.allows('11.0.0.1')).toBe(false);
    expect(list.allows('192.168.1.7')).toBe(true);
    expect(list.allows('192.168.1.8')).toBe(false);
  });

  it('matches IPv6 CIDRs', () => {
    const list = IpAllowlist.from(['2001:db8:abcd::/48', '::1']);
    expect(list.allows('2001:db8:abcd:12::5')).toBe(true);
    expect(list.allows('2001:db8:abce::5')).toBe(false);
    expect(list.allows('::1')).toBe(true);
    expect(list.allows('::2')).toBe(false);
  });

  it('checks IPv4-mapped IPv6 addresses as IPv4', () => {
    const list = IpAllowlist.from(['127.0.0.0/8']);
    expect(list.allows('::ffff:127.0.0.1')).toBe(true);
    expect(list.allows('::FFFF:127.1.2.3')).toBe(true);
    expect(list.allows('::ffff:10.0.0.1')).toBe(false);
  });

  it('refuses missing or garbage addresses when enabled', () => {
    const list = IpAllowlist.from(['0.0.0.0/0']);
    expect(list.allows('1.2.3.4')).toBe(true);
    expect(list.allows(undefined)).toBe(false);
    expect(list.allows('not-an-ip')).toBe(false);
  });

  it('ignores an IPv6 zone id', () => {
    expect(IpAllowlist.from(['fe80::/10']).allows('fe80::1%eth0')).toBe(true);
  });
});
