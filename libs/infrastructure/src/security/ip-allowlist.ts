import { BlockList, isIP } from 'node:net';

/** A malformed IP_ALLOWLIST entry, named by position and value (addresses are not secrets). */
export class IpAllowlistParseError extends Error {
  constructor(
    readonly index: number,
    readonly entry: string,
    readonly reason: string,
  ) {
    super(`IP_ALLOWLIST entry #${index + 1} "${entry}": ${reason}`);
    this.name = 'IpAllowlistParseError';
  }
}

export interface IpRule {
  address: string;
  prefix: number;
  family: 'ipv4' | 'ipv6';
}

/** Parses 'addr' and 'addr/prefix' entries (IPv4 and IPv6); throws on the first bad one. */
export function parseIpAllowlist(input: string | readonly string[] | undefined): IpRule[] {
  if (input === undefined) return [];
  const raw = typeof input === 'string' ? input.split(',') : input;
  const rules: IpRule[] = [];
  raw.forEach((item, index) => {
    const entry = item.trim();
    if (entry === '') return;
    const slash = entry.indexOf('/');
    const address = slash === -1 ? entry : entry.slice(0, slash);
    const version = isIP(address);
    if (version === 0) {
      throw new IpAllowlistParseError(index, entry, 'not an IPv4 or IPv6 address or CIDR');
    }
    const max = version === 4 ? 32 : 128;
    let prefix = max;
    if (slash !== -1) {
      const bits = entry.slice(slash + 1);
      if (!/^\d{1,3}$/.test(bits) || Number(bits) > max) {
        throw new IpAllowlistParseError(index, entry, `prefix length must be 0-${max}`);
      }
      prefix = Number(bits);
    }
    rules.push({ address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' });
  });
  return rules;
}

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/**
 * Address allow-list on Node's net.BlockList (used as an allow-set). An empty list allows all.
 * IPv4-mapped IPv6 addresses (::ffff:10.1.2.3, what a dual-stack socket reports for IPv4
 * clients) are checked as the IPv4 address they carry.
 */
export class IpAllowlist {
  private readonly list = new BlockList();
  readonly size: number;

  constructor(rules: readonly IpRule[]) {
    for (const rule of rules) {
      const full = rule.family === 'ipv4' ? 32 : 128;
      if (rule.prefix === full) this.list.addAddress(rule.address, rule.family);
      else this.list.addSubnet(rule.address, rule.prefix, rule.family);
    }
    this.size = rules.length;
  }

  static from(input: string | readonly string[] | undefined): IpAllowlist {
    return new IpAllowlist(parseIpAllowlist(input));
  }

  get enabled(): boolean {
    return this.size > 0;
  }

  /** True when the address may pass. Unknown/unparsable addresses are refused when enabled. */
  allows(ip: string | undefined): boolean {
    if (!this.enabled) return true;
    if (!ip) return false;
    // Strip an IPv6 zone id (fe80::1%eth0); BlockList does not understand it.
    const address = ip.includes('%') ? ip.slice(0, ip.indexOf('%')) : ip;
    const mapped = MAPPED_V4.exec(address);
    if (mapped) return this.list.check(mapped[1], 'ipv4') || this.list.check(address, 'ipv6');
    const version = isIP(address);
    if (version === 4) return this.list.check(address, 'ipv4');
    if (version === 6) return this.list.check(address, 'ipv6');
    return false;
  }
}
