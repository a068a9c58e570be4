/**
 * All configuration, read and checked once at startup. A bad value stops the
 * program with one line naming the variable.
 */
export interface Config {
  databaseUrl?: string;
  dataDir: string;
  botNow?: Date;
  feishu?: {
    appId: string;
    appSecret: string;
    domain: string;
    eventMode: 'ws' | 'webhook';
    encryptKey?: string;
    verificationToken?: string;
  };
  port: number;
  adminOpenIds: string[];
  evidenceMaxBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function positiveInt(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max) throw new ConfigError(`${name} 应为 1 到 ${max} 之间的整数，实际是“${raw}”`);
  return n;
}

export function loadConfig(env: Env = process.env): Config {
  const databaseUrl = value(env, 'DATABASE_URL');
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL 应以 postgres:// 或 postgresql:// 开头');
  }
  const botNowText = value(env, 'BOT_NOW');
  let botNow: Date | undefined;
  if (botNowText) {
    botNow = new Date(botNowText);
    if (Number.isNaN(botNow.getTime())) throw new ConfigError(`BOT_NOW 不是有效的 ISO 时间：“${botNowText}”（例：2022-11-20T09:00:00+08:00）`);
  }

  const appId = value(env, 'FEISHU_APP_ID');
  const appSecret = value(env, 'FEISHU_APP_SECRET');
  if (!!appId !== !!appSecret) {
    throw new ConfigError(appId ? 'FEISHU_APP_SECRET 未设置（已设置 FEISHU_APP_ID）' : 'FEISHU_APP_ID 未设置（已设置 FEISHU_APP_SECRET）');
  }
  const eventMode = value(env, 'FEISHU_EVENT_MODE') ?? 'ws';
  if (eventMode !== 'ws' && eventMode !== 'webhook') throw new ConfigError(`FEISHU_EVENT_MODE 只能是 ws 或 webhook，实际是“${eventMode}”`);
  const domain = value(env, 'FEISHU_DOMAIN') ?? 'https://open.feishu.cn';
  if (!/^https?:\/\/[^\s/]+/.test(domain)) throw new ConfigError(`FEISHU_DOMAIN 应是 http(s) 地址，实际是“${domain}”`);
  const encryptKey = value(env, 'FEISHU_ENCRYPT_KEY');
  if (appId && eventMode === 'webhook' && !encryptKey) {
    throw new ConfigError('FEISHU_ENCRYPT_KEY 未设置：webhook 模式必须配置加密密钥，以便校验飞书的签名');
  }

  const logLevel = value(env, 'LOG_LEVEL') ?? 'info';
  if (!['debug', 'info', 'warn', 'error'].includes(logLevel)) throw new ConfigError(`LOG_LEVEL 只能是 debug/info/warn/error，实际是“${logLevel}”`);

  return {
    databaseUrl,
    dataDir: value(env, 'DATA_DIR') ?? './data',
    botNow,
    feishu: appId && appSecret
      ? { appId, appSecret, domain: domain.replace(/\/+$/, ''), eventMode, encryptKey, verificationToken: value(env, 'FEISHU_VERIFICATION_TOKEN') }
      : undefined,
    port: positiveInt(env, 'PORT', 3000, 65535),
    adminOpenIds: (value(env, 'ADMIN_OPEN_IDS') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    evidenceMaxBytes: positiveInt(env, 'EVIDENCE_MAX_BYTES', 20 * 1024 * 1024),
    logLevel: logLevel as Config['logLevel'],
  };
}
