import * as lark from '@larksuiteoapi/node-sdk';
import type { FeishuSettings } from '../../config';

/**
 * Feishu web sign-in (OAuth): the browser goes to Feishu's authorize page and
 * comes back with a code; the SDK exchanges it for a user access token and
 * reads the user's open_id with it.
 */
export function feishuAuthorizeUrl(settings: FeishuSettings, redirectUri: string, state: string): string {
  const query = new URLSearchParams({ app_id: settings.appId, redirect_uri: redirectUri, state });
  return `${settings.domain}/open-apis/authen/v1/authorize?${query}`;
}

/** Who the code stands for; null when Feishu refuses it (spent, expired, forged). */
export async function feishuIdentity(client: lark.Client, code: string): Promise<{ openId: string; name: string | null } | null> {
  try {
    return await identity(client, code);
  } catch {
    return null;
  }
}

async function identity(client: lark.Client, code: string): Promise<{ openId: string; name: string | null } | null> {
  const token = await client.authen.v1.oidcAccessToken.create({ data: { grant_type: 'authorization_code', code } });
  const accessToken = token.data?.access_token;
  if (token.code !== 0 || !accessToken) return null;
  const info = await client.authen.v1.userInfo.get({}, lark.withUserAccessToken(accessToken));
  const openId = info.data?.open_id;
  if (info.code !== 0 || !openId) return null;
  return { openId, name: info.data?.name ?? null };
}
