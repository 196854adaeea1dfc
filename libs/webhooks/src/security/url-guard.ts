import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Why a target was refused, in words a client can act on. */
export class WebhookTargetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WebhookTargetError';
  }
}

/** A target that passed: where to connect (the checked address, so DNS cannot change it in between). */
export interface VettedTarget {
  url: URL;
  address: string;
  family: 4 | 6;
}

type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

/** Parsed WEBHOOK_ALLOWLIST: host names (exact, or `*.` for subdomains) and CIDRs (an address is a /32 or /128). */
export class WebhookAllowlist {
  private readonly hosts = new Set<string>();
  private readonly suffixes: string[] = [];
  private readonly cidrs: Cidr[] = [];

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw.trim().toLowerCase();
      if (!entry) continue;
      if (entry.includes('/')) this.cidrs.push(ipaddr.parseCIDR(entry));
      else if (isIP(entry)) {
        const address = ipaddr.parse(entry);
        this.cidrs.push([address, address.kind() === 'ipv4' ? 32 : 128]);
      } else if (entry.startsWith('*.')) this.suffixes.push(entry.slice(1));
      else this.hosts.add(entry);
    }
  }

  allowsHost(host: string): boolean {
    const name = host.toLowerCase();
    return this.hosts.has(name) || this.suffixes.some((suffix) => name.endsWith(suffix));
  }

  allowsAddress(address: ipaddr.IPv4 | ipaddr.IPv6): boolean {
    // ipaddr.js's match() is typed per family: the kinds are equal, so the casts only say so.
    return this.cidrs.some(
      ([range, bits]) => address.kind() === range.kind() && (address as ipaddr.IPv4).match(range as ipaddr.IPv4, bits),
    );
  }
}

export type Resolve = (host: string) => Promise<{ address: string; family: number }[]>;
const resolveAll: Resolve = (host) => lookup(host, { all: true, verbatim: true });

/**
 * The SSRF guard. Only http(s) URLs without credentials; the host is resolved and every address
 * it resolves to must be public unicast (not private, loopback, link-local, unique-local, CGNAT,
 * multicast, unspecified or reserved), unless the host or the address is allow-listed. The caller
 * connects to the address checked here, so a DNS answer that changes afterwards (rebinding) does
 * not reach an internal service.
 */
export class WebhookUrlGuard {
  constructor(
    private readonly allowlist: WebhookAllowlist,
    private readonly resolve: Resolve = resolveAll,
  ) {}

  /** Checks the URL's form only (no DNS): for input validation before anything is stored. */
  parse(raw: string): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookTargetError('must be an absolute http or https URL');
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new WebhookTargetError('must use http or https');
    if (url.username || url.password) throw new WebhookTargetError('must not carry credentials');
    return url;
  }

  /**
   * What can be judged without DNS, for a request's validation: the URL's form, a literal address
   * (judged as at delivery) and `localhost` names. A name that resolves to a refused address is
   * caught before every attempt instead (DNS answers change, so that is where it has to be checked).
   */
  checkLiteral(raw: string): void {
    const url = this.parse(raw);
    const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (this.allowlist.allowsHost(host)) return;
    if (isIP(host)) this.judge(host, false);
    else if (host === 'localhost' || host.endsWith('.localhost'))
      throw new WebhookTargetError(`${host} is loopback; refused unless listed in WEBHOOK_ALLOWLIST`);
  }

  async vet(raw: string): Promise<VettedTarget> {
    const url = this.parse(raw);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const hostAllowed = this.allowlist.allowsHost(host);
    let addresses: { address: string; family: number }[];
    if (isIP(host)) addresses = [{ address: host, family: isIP(host) }];
    else {
      try {
        addresses = await this.resolve(host);
      } catch {
        throw new WebhookTargetError(`host ${host} does not resolve`);
      }
    }
    if (addresses.length === 0) throw new WebhookTargetError(`host ${host} does not resolve`);
    for (const { address } of addresses) this.judge(address, hostAllowed);
    const first = addresses[0];
    return { url, address: first.address, family: first.family === 6 ? 6 : 4 };
  }

  /** Throws unless the address is public unicast, or its host or the address is allow-listed. */
  private judge(address: string, hostAllowed: boolean): void {
    const parsed = normalise(ipaddr.parse(address));
    const range = parsed.range();
    if (range === 'unicast' || hostAllowed || this.allowlist.allowsAddress(parsed)) return;
    throw new WebhookTargetError(
      `resolves to ${parsed.toString()} (${range}); private, loopback and link-local targets are refused ` +
        'unless listed in WEBHOOK_ALLOWLIST',
    );
  }
}

/** An IPv4-mapped IPv6 address (::ffff:127.0.0.1) is judged as the IPv4 address it carries. */
function normalise(address: ipaddr.IPv4 | ipaddr.IPv6): ipaddr.IPv4 | ipaddr.IPv6 {
  return address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress()
    ? (address as ipaddr.IPv6).toIPv4Address()
    : address;
}
