import type { Server, Socket } from 'node:net';

/**
 * Caps how many connections one client address may hold open. The server's
 * own `maxConnections` caps the total; this keeps one slow or idle client from
 * taking every slot, so the platforms' callbacks still get through.
 */
export function capConnectionsPerAddress(server: Server, perAddress: number): { open(address: string): number } {
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? '';
    const count = (open.get(address) ?? 0) + 1;
    if (count > perAddress) {
      socket.destroy();
      return;
    }
    open.set(address, count);
    socket.once('close', () => {
      const left = (open.get(address) ?? 1) - 1;
      if (left > 0) open.set(address, left);
      else open.delete(address);
    });
  });
  return { open: (address) => open.get(address) ?? 0 };
}
