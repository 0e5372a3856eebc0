/**
 * Where a webhook may be delivered. A filer chooses its webhook URL, so without a check the service
 * would POST from inside the network to wherever the filer points it: cloud metadata
 * (169.254.169.254), loopback admin ports, private services. Refused: loopback, private (RFC 1918,
 * ULA), link-local, CGNAT, multicast, unspecified, documentation/benchmark and reserved ranges, and
 * IPv6 forms that embed an IPv4 address (mapped, NAT64, 6to4) when the embedded address is refused.
 *
 * The check runs on the addresses the name resolves to, inside the connection's own DNS lookup
 * (`lookup` below, handed to http.request), so the address checked is the address connected to: a
 * name that resolves to a public address at registration and to 127.0.0.1 at delivery (DNS
 * rebinding) is refused at delivery, every time. Odd spellings of IPv4 (decimal 2130706433, octal
 * 0177.0.0.1, hex 0x7f.1) are normalised by the URL parser before the check sees them.
 *
 * WEBHOOK_ALLOWED_ADDRESSES lets an operator allow named internal addresses or ranges (a filer on the
 * same private network; the tests' loopback receivers).
 */
import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { BlockList, isIP } from 'node:net';

const REFUSED_V4 = [
  ['0.0.0.0', 8], ['10.0.0.0', 8], ['100.64.0.0', 10], ['127.0.0.0', 8], ['169.254.0.0', 16], ['172.16.0.0', 12],
  ['192.0.0.0', 24], ['192.0.2.0', 24], ['192.88.99.0', 24], ['192.168.0.0', 16], ['198.18.0.0', 15], ['198.51.100.0', 24],
  ['203.0.113.0', 24], ['224.0.0.0', 4], ['240.0.0.0', 4],
] as const;
const REFUSED_V6 = [
  ['::', 128], ['::1', 128], ['100::', 64], ['2001:db8::', 32], ['fc00::', 7], ['fe80::', 10], ['fec0::', 10], ['ff00::', 8],
] as const;

export class WebhookDestinationRefused extends Error {
  override readonly name = 'WebhookDestinationRefused';
}

/** The IPv4 address an IPv6 address carries (mapped ::ffff:a.b.c.d, NAT64 64:ff9b::/96, 6to4 2002::/16), if any. */
function embeddedIpv4(address: string): string | undefined {
  const lower = address.toLowerCase();
  const dotted = /^(?:::ffff:|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted !== null) return dotted[1];
  const hex = /^(?:::ffff:|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(lower);
  if (hex !== null) return fromHex(hex[1]!, hex[2]!);
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/.exec(lower);
  if (sixToFour !== null) return fromHex(sixToFour[1]!, sixToFour[2]!);
  return undefined;
}

function fromHex(high: string, low: string): string {
  const h = parseInt(high, 16);
  const l = parseInt(low, 16);
  return `${h >> 8}.${h & 255}.${l >> 8}.${l & 255}`;
}

export class WebhookDestinationPolicy {
  private readonly refused = new BlockList();
  private readonly allowed = new BlockList();

  constructor(allowedAddresses: readonly string[] = []) {
    for (const [network, prefix] of REFUSED_V4) this.refused.addSubnet(network, prefix, 'ipv4');
    for (const [network, prefix] of REFUSED_V6) this.refused.addSubnet(network, prefix, 'ipv6');
    for (const entry of allowedAddresses) {
      const [network = '', prefix] = entry.split('/');
      const family = isIP(network) === 6 ? 'ipv6' : 'ipv4';
      if (prefix === undefined) this.allowed.addAddress(network, family);
      else this.allowed.addSubnet(network, Number(prefix), family);
    }
  }

  /** May a webhook be delivered to this IP address? */
  permits(address: string): boolean {
    const family = isIP(address);
    if (family === 0) return false;
    const type = family === 6 ? 'ipv6' : 'ipv4';
    if (this.allowed.check(address, type)) return true;
    const inner = family === 6 ? embeddedIpv4(address) : undefined;
    if (inner !== undefined) return this.allowed.check(inner, 'ipv4') || (!this.refused.check(inner, 'ipv4') && !this.refused.check(address, 'ipv6'));
    return !this.refused.check(address, type);
  }

  /** Refuses a URL whose host is an IP literal the policy does not permit (names are checked at connection). */
  checkLiteralHost(url: URL): void {
    const host = url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
    if (isIP(host) !== 0 && !this.permits(host)) throw new WebhookDestinationRefused('the webhook destination is not allowed');
  }

  /** A dns.lookup for http.request: resolves, then fails unless every address is permitted. */
  readonly lookup = (hostname: string, options: LookupOptions, callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void): void => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error !== null) return callback(error, []);
      if (addresses.length === 0 || addresses.some((a) => !this.permits(a.address))) {
        return callback(new WebhookDestinationRefused('the webhook destination is not allowed'), []);
      }
      if (options.all === true) return callback(null, addresses);
      return callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}
