import type { DingTalkSettings } from '../../config';
import { DingTalkApi } from './api';

/**
 * DingTalk web sign-in (OAuth 2): authorize page → authCode → the user's
 * access token → their unionId → their staff id in the organisation (the id
 * duban binds leaders by). DingTalk publishes no Node SDK for these calls.
 */
export function dingtalkAuthorizeUrl(settings: DingTalkSettings, redirectUri: string, state: string): string {
  const query = new URLSearchParams({ redirect_uri: redirectUri, response_type: 'code', client_id: settings.appKey, scope: 'openid', state, prompt: 'consent' });
  return `${settings.loginBase ?? 'https://login.dingtalk.com'}/oauth2/auth?${query}`;
}

async function call(url: string, init: { method: string; headers?: Record<string, string>; body?: unknown }): Promise<Record<string, any>> {
  const response = await fetch(url, {
    method: init.method,
    headers: { 'content-type': 'application/json', ...init.headers },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
    signal: AbortSignal.timeout(15_000),
  });
  return response.ok ? ((await response.json()) as Record<string, any>) : {};
}

export async function dingtalkIdentity(settings: DingTalkSettings, code: string): Promise<{ userId: string; name: string | null } | null> {
  const user = await call(`${settings.apiBase}/v1.0/oauth2/userAccessToken`, {
    method: 'POST', body: { clientId: settings.appKey, clientSecret: settings.appSecret, code, grantType: 'authorization_code' },
  });
  if (!user.accessToken) return null;
  const me = await call(`${settings.apiBase}/v1.0/contact/users/me`, { method: 'GET', headers: { 'x-acs-dingtalk-access-token': user.accessToken } });
  if (!me.unionId) return null;
  // The staff id through the app's own API client: its token, and the oapi host DINGTALK_OAPI_BASE names (浙政钉).
  const userId = await new DingTalkApi(settings).userIdByUnionId(String(me.unionId)).catch(() => null);
  return userId ? { userId, name: typeof me.nick === 'string' ? me.nick : null } : null;
}
