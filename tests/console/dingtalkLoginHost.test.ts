import { ConfigError, loadConfig } from '../../src/config';
import { dingtalkAuthorizeUrl } from '../../src/platforms/dingtalk/webSignIn';

const credentials = { DINGTALK_APP_KEY: 'ding_app', DINGTALK_APP_SECRET: 'secret' };

test('the sign-in page is login.dingtalk.com unless DINGTALK_LOGIN_BASE names a 浙政钉 deployment\'s own host', () => {
  const standard = new URL(dingtalkAuthorizeUrl(loadConfig(credentials).dingtalk!, 'https://duban.example/console/auth/dingtalk/callback', 's1'));
  expect(standard.origin + standard.pathname).toBe('https://login.dingtalk.com/oauth2/auth');
  const own = new URL(dingtalkAuthorizeUrl(loadConfig({ ...credentials, DINGTALK_LOGIN_BASE: 'https://login.zzd.example.gov.cn/' }).dingtalk!, 'https://duban.example/cb', 's2'));
  expect(own.origin + own.pathname).toBe('https://login.zzd.example.gov.cn/oauth2/auth');
  expect(Object.fromEntries(own.searchParams)).toMatchObject({ client_id: 'ding_app', redirect_uri: 'https://duban.example/cb', state: 's2', response_type: 'code' });
});

test('a login host that is not an http(s) address is refused at start', () => {
  expect(() => loadConfig({ ...credentials, DINGTALK_LOGIN_BASE: 'login.zzd' })).toThrow(ConfigError);
  expect(() => loadConfig({ ...credentials, DINGTALK_LOGIN_BASE: 'login.zzd' })).toThrow(/^DINGTALK_LOGIN_BASE/);
});
