import { Block, markdown } from './card';

/**
 * The console's public address (PUBLIC_URL), set once at startup; cards about
 * an item then carry a “在控制台查看” link. Unset: no link.
 */
let publicUrl: string | undefined;

export function setConsolePublicUrl(url: string | undefined): void {
  publicUrl = url;
}

export function consoleLinkBlock(commitmentId: number): Block | null {
  return publicUrl ? markdown(`[在控制台查看](${publicUrl}/console/items/${commitmentId})`) : null;
}

/** A console page (`/console`, `/console/queue`), for a card cut to fit: everything is there. */
export function consoleUrl(path: string): string | null {
  return publicUrl ? `${publicUrl}${path}` : null;
}
