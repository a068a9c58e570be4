import net from 'node:net';

/**
 * The network a request came from, never the address itself: on a government
 * intranet an address names a person's PC. Enough to see which network hammers
 * an endpoint (IPv4 /24, IPv6 /48).
 */
export function clientNetwork(ip: string): string {
  const v4 = ip.startsWith('::ffff:') && net.isIPv4(ip.slice(7)) ? ip.slice(7) : ip;
  if (net.isIPv4(v4)) return `${v4.split('.').slice(0, 3).join('.')}.0/24`;
  if (net.isIPv6(ip)) {
    const [head] = ip.split('::');
    const groups = head ? head.split(':') : [];
    return `${[...groups, '0', '0', '0'].slice(0, 3).join(':')}::/48`;
  }
  return 'unknown';
}
