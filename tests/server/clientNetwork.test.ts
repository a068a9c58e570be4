import { clientNetwork } from '../../src/server/clientNetwork';

test.each([
  ['10.20.30.40', '10.20.30.0/24'],
  ['::ffff:192.168.1.77', '192.168.1.0/24'],
  ['2001:db8:abcd:12::1', '2001:db8:abcd::/48'],
  ['::1', '0:0:0::/48'],
  ['', 'unknown'],
])('%s is logged as %s', (ip, network) => {
  expect(clientNetwork(ip)).toBe(network);
});
