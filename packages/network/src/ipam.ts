// IP address arithmetic for IPAM: CIDRs, allocation pools and free-address search (pure functions, no database).
import ipaddr from 'ipaddr.js';
import { invalidAttribute, NeutronBadRequest, NeutronConflict } from './errors.js';

/** An address as a number, with its family. */
export interface Address {
  version: 4 | 6;
  value: bigint;
}

/** A parsed CIDR: the network number, the prefix length and the first and last addresses it spans. */
export interface Cidr {
  version: 4 | 6;
  prefix: number;
  first: bigint;
  last: bigint;
  /** Canonical text (`10.0.0.0/24`, `fd00::/64`). */
  text: string;
}

/** An inclusive range of addresses, as Neutron's allocation_pools (`{start, end}`). */
export interface Pool {
  start: string;
  end: string;
}

function bits(version: 4 | 6): number {
  return version === 4 ? 32 : 128;
}

/** Parses one address; undefined when it is not a valid IPv4 or IPv6 address. */
export function parseAddress(text: unknown): Address | undefined {
  if (typeof text !== 'string') return undefined;
  // ipaddr.js accepts shorthand like `10.1` and octal/hex forms; Neutron (netaddr INET_PTON) does not.
  if (!ipaddr.IPv4.isValidFourPartDecimal(text) && !(text.includes(':') && ipaddr.IPv6.isValid(text))) {
    return undefined;
  }
  const parsed = ipaddr.parse(text);
  let value = 0n;
  for (const byte of parsed.toByteArray()) value = (value << 8n) | BigInt(byte);
  return { version: parsed.kind() === 'ipv4' ? 4 : 6, value };
}

/** The canonical text of an address (RFC 5952 for IPv6). */
export function formatAddress(version: 4 | 6, value: bigint): string {
  const bytes: number[] = [];
  let v = value;
  for (let i = 0; i < bits(version) / 8; i++) {
    bytes.unshift(Number(v & 0xffn));
    v >>= 8n;
  }
  const address = ipaddr.fromByteArray(bytes);
  return address.kind() === 'ipv6' ? (address as ipaddr.IPv6).toRFC5952String() : address.toString();
}

/** The canonical text of an address given as text (throws on a bad one). */
export function canonicalAddress(text: string): string {
  const address = parseAddress(text);
  if (!address) throw invalidAttribute('ip_address', `'${text}' is not a valid IP address`);
  return formatAddress(address.version, address.value);
}

/**
 * Parses a CIDR as a subnet's `cidr` must be: the network address itself, no host bits set
 * (neutron-lib validate_subnet: "'10.0.0.1/24' isn't a recognized IP subnet cidr, '10.0.0.0/24' is recommended").
 */
export function parseCidr(text: unknown, attribute = 'cidr', strict = true): Cidr {
  const reason = `'${String(text)}' is not a valid IP subnet`;
  if (typeof text !== 'string' || !text.includes('/')) throw invalidAttribute(attribute, reason);
  const [addressText = '', prefixText = ''] = text.split('/');
  const address = parseAddress(addressText);
  if (!address || !/^\d{1,3}$/.test(prefixText)) throw invalidAttribute(attribute, reason);
  const prefix = Number(prefixText);
  const width = bits(address.version);
  if (prefix > width) throw invalidAttribute(attribute, reason);
  const hostBits = BigInt(width - prefix);
  const first = (address.value >> hostBits) << hostBits;
  const last = first + (1n << hostBits) - 1n;
  const canonical = `${formatAddress(address.version, first)}/${prefix}`;
  if (strict && first !== address.value) {
    throw invalidAttribute(attribute, `'${text}' isn't a recognized IP subnet cidr, '${canonical}' is recommended`);
  }
  return { version: address.version, prefix, first, last, text: canonical };
}

/** Whether an address lies in a CIDR. */
export function contains(cidr: Cidr, address: Address): boolean {
  return address.version === cidr.version && address.value >= cidr.first && address.value <= cidr.last;
}

/** Whether two CIDRs share any address. */
export function overlaps(a: Cidr, b: Cidr): boolean {
  return a.version === b.version && a.first <= b.last && b.first <= a.last;
}

/** The first host address: Neutron's default gateway_ip. */
export function defaultGateway(cidr: Cidr): string | null {
  if (cidr.last - cidr.first < 2n) return null;
  return formatAddress(cidr.version, cidr.first + 1n);
}

/**
 * The usable range of a subnet: IPv4 loses its network and broadcast addresses (except /31 and /32), IPv6 its
 * subnet-router anycast address (neutron ipam utils generate_pools).
 */
function usableRange(cidr: Cidr): [bigint, bigint] {
  if (cidr.version === 4) return cidr.prefix >= 31 ? [cidr.first, cidr.last] : [cidr.first + 1n, cidr.last - 1n];
  return cidr.prefix >= 127 ? [cidr.first, cidr.last] : [cidr.first + 1n, cidr.last];
}

/** Neutron's default allocation pools: the usable range with the gateway cut out. */
export function defaultPools(cidr: Cidr, gateway: string | null): Pool[] {
  const [low, high] = usableRange(cidr);
  const gw = gateway ? parseAddress(gateway) : undefined;
  const ranges: [bigint, bigint][] = [];
  if (gw && gw.value >= low && gw.value <= high) {
    if (gw.value > low) ranges.push([low, gw.value - 1n]);
    if (gw.value < high) ranges.push([gw.value + 1n, high]);
  } else if (low <= high) {
    ranges.push([low, high]);
  }
  return ranges.map(([s, e]) => ({ start: formatAddress(cidr.version, s), end: formatAddress(cidr.version, e) }));
}

/** A pool as numbers. */
export interface PoolRange {
  start: bigint;
  end: bigint;
}

/**
 * Checks caller-given allocation pools against the subnet and the gateway (neutron db_base_plugin
 * _validate_allocation_pools): each inside the CIDR, start ≤ end, no overlap, the gateway outside every pool.
 */
export function validatePools(cidr: Cidr, pools: Pool[], gateway: string | null): PoolRange[] {
  const ranges: PoolRange[] = [];
  for (const pool of pools) {
    const start = parseAddress(pool.start);
    const end = parseAddress(pool.end);
    if (!start || !end || start.version !== cidr.version || end.version !== cidr.version) {
      throw new NeutronBadRequest('InvalidAllocationPool', `The allocation pool ${poolText(pool)} is not valid.`);
    }
    const [low, high] = usableRange(cidr);
    if (start.value < low || end.value > high || start.value > end.value) {
      throw new NeutronBadRequest(
        'OutOfBoundsAllocationPool',
        `The allocation pool ${poolText(pool)} spans beyond the subnet cidr ${cidr.text}.`,
      );
    }
    ranges.push({ start: start.value, end: end.value });
  }
  const sorted = [...ranges].sort((a, b) => (a.start < b.start ? -1 : 1));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.start <= sorted[i - 1]!.end) {
      throw new NeutronBadRequest(
        'OverlappingAllocationPools',
        `Found overlapping allocation pools: ${poolsText(cidr, [sorted[i - 1]!, sorted[i]!])} for subnet ${cidr.text}.`,
      );
    }
  }
  const gw = gateway ? parseAddress(gateway) : undefined;
  if (gw && ranges.some((r) => gw.value >= r.start && gw.value <= r.end)) {
    throw new NeutronConflict(
      'GatewayConflictWithAllocationPools',
      `Gateway ip ${gateway} conflicts with allocation pool ${poolsText(cidr, ranges)}.`,
    );
  }
  return ranges;
}

/** Pools as numbers (for stored pools, already valid). */
export function poolRanges(pools: Pool[]): PoolRange[] {
  return pools.map((p) => ({ start: parseAddress(p.start)!.value, end: parseAddress(p.end)!.value }));
}

/** Whether an address lies in one of the pools. */
export function inPools(ranges: PoolRange[], address: Address): boolean {
  return ranges.some((r) => address.value >= r.start && address.value <= r.end);
}

/**
 * Up to `count` free addresses from the pools, in order, skipping `taken`. Lazy, so an IPv6 /64 costs no more than
 * an IPv4 /24.
 */
export function freeAddresses(version: 4 | 6, ranges: PoolRange[], taken: Set<string>, count: number): string[] {
  const out: string[] = [];
  for (const range of ranges) {
    for (let v = range.start; v <= range.end && out.length < count; v++) {
      const text = formatAddress(version, v);
      if (!taken.has(text)) out.push(text);
    }
    if (out.length >= count) break;
  }
  return out;
}

function poolText(pool: Pool): string {
  return `${pool.start}-${pool.end}`;
}

function poolsText(cidr: Cidr, ranges: PoolRange[]): string {
  return `[${ranges.map((r) => `${formatAddress(cidr.version, r.start)}-${formatAddress(cidr.version, r.end)}`).join(', ')}]`;
}

/** Validates a host route destination and next hop (neutron-lib validate_hostroutes). */
export function validateHostRoute(route: unknown): { destination: string; nexthop: string } {
  const r = route as { destination?: unknown; nexthop?: unknown };
  if (
    typeof route !== 'object' ||
    route === null ||
    Object.keys(route).some((k) => k !== 'destination' && k !== 'nexthop')
  ) {
    throw invalidAttribute(
      'host_routes',
      `Validation of dictionary's keys failed. Expected keys: {'destination', 'nexthop'}`,
    );
  }
  const destination = parseCidr(r.destination, 'host_routes', false);
  const nexthop = parseAddress(r.nexthop);
  if (!nexthop) throw invalidAttribute('host_routes', `'${String(r.nexthop)}' is not a valid IP address`);
  return { destination: destination.text, nexthop: formatAddress(nexthop.version, nexthop.value) };
}
