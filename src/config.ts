import cron from 'node-cron';

/**
 * All configuration, read and checked once at startup. A bad value stops the
 * program with one line naming the variable.
 */
export interface Config {
  databaseUrl?: string;
  dataDir: string;
  botNow?: Date;
  feishu?: FeishuSettings;
  port: number;
  http: HttpSettings;
  /** How long a shutdown waits for work in flight (SIGTERM, SIGINT). */
  shutdownGraceSeconds: number;
  /** Who may read GET /metrics besides loopback (addresses, or '*'); null: no /metrics at all. */
  metricsAllowed: string[] | null;
  /** The nightly backup, when BACKUP_CRON is set. */
  backup?: { cron: string; dir: string; keep: number };
  adminOpenIds: string[];
  adminDingTalkIds: string[];
  dingtalk?: DingTalkSettings;
  evidenceMaxBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  jobs: JobSettings;
  lifecycle: LifecycleSettings;
  /** The issuing office printed on the 督查通报. */
  officeName: string;
  console: ConsoleSettings;
}

/** The office's loop (#13). */
export interface LifecycleSettings {
  /** A reported completion waits for the office (待审核); off: it closes directly. */
  reviewRequired: boolean;
  /** /done refused until evidence is attached. */
  evidenceRequired: boolean;
  /** A 交办 item not 签收ed within this many workdays is listed in /review and reminded. */
  ackWithinWorkdays: number;
  /** Overdue this many workdays: a 红色督办单 goes to the office heads. */
  escalateHeadAfterWorkdays: number;
  /** Feishu open_ids of the office heads who receive the 红色督办单. */
  officeHeadIds: string[];
  /** 催办 also by SMS (spends the tenant's paid allowance); in-app urgency always. */
  urgeSms: boolean;
}

export interface ConsoleSettings {
  /** The address the HTTP server listens on: loopback unless CONSOLE_HOST says otherwise. */
  host: string;
  /** What people other than the office may read: everything, or only their own items. */
  read: 'all' | 'own';
  /** The console's address as people reach it (for links on cards and OAuth redirects). */
  publicUrl?: string;
  secret?: string;
}

export interface FeishuSettings {
  appId: string;
  appSecret: string;
  domain: string;
  eventMode: 'ws' | 'webhook';
  encryptKey?: string;
  verificationToken?: string;
}

export interface DingTalkSettings {
  appKey: string;
  appSecret: string;
  robotCode: string;
  eventMode: 'stream' | 'http';
  apiBase: string;
  /** The old topapi host (user look-up by mobile); https://oapi.dingtalk.com unless set. */
  oapiBase?: string;
  /** The web sign-in page's host (OAuth authorize); https://login.dingtalk.com unless set (浙政钉 deployments have their own). */
  loginBase?: string;
  /** An interactive card template from the DingTalk card platform; without one, cards go as markdown. */
  cardTemplateId?: string;
}

/** Limits of the HTTP server, so that idle or half-sent requests cannot exhaust it. */
export interface HttpSettings {
  maxConnections: number;
  maxConnectionsPerAddress: number;
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  bodyLimitBytes: number;
}

export interface JobSettings {
  reminderCron: string;
  digestCron: string;
  maintenanceCron: string;
  /** Days before a deadline on which leaders are reminded (0 = the day itself). */
  reminderDaysBefore: number[];
  overdueEveryWorkdays: number;
  escalateAfterDays: number;
  deliverEverySeconds: number;
  maxSendsPerSecond: number;
  maxSendsPerTargetPerSecond: number;
  deliveryMaxAttempts: number;
  /** Inbound event payloads (what users sent) are deleted after this many days. */
  eventRetentionDays: number;
  /** The weekly digest also sends the 督查通报 document to each group. */
  digestAttachDocx: boolean;
}

export class ConfigError extends Error {}

function cronExpression(env: Env, name: string, fallback: string): string {
  const expression = value(env, name) ?? fallback;
  if (!cron.validate(expression)) throw new ConfigError(`${name} 不是有效的 cron 表达式：“${expression}”（例：0 9 * * *）`);
  return expression;
}

function dayList(env: Env, name: string, fallback: number[]): number[] {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const days = raw.split(',').map((s) => Number(s.trim()));
  if (!days.length || days.some((d) => !Number.isInteger(d) || d < 0 || d > 60)) {
    throw new ConfigError(`${name} 应为逗号分隔的 0 到 60 之间的天数，例如 7,3,1,0；实际是“${raw}”`);
  }
  return [...new Set(days)].sort((a, b) => b - a);
}

type Env = Record<string, string | undefined>;

function value(env: Env, name: string): string | undefined {
  const v = env[name]?.trim();
  return v ? v : undefined;
}

function bool(env: Env, name: string, fallback: boolean): boolean {
  const raw = value(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', '1', 'yes', 'on'].includes(raw)) return true;
  if (['false', '0', 'no', 'off'].includes(raw)) return false;
  throw new ConfigError(`${name} 只能是 true 或 false，实际是“${raw}”`);
}

const idList = (env: Env, name: string) => (value(env, name) ?? '').split(',').map((s) => s.trim()).filter(Boolean);

function positiveInt(env: Env, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const raw = value(env, name);
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0 || n > max) throw new ConfigError(`${name} 应为 1 到 ${max} 之间的整数，实际是“${raw}”`);
  return n;
}

function metricsAllowed(env: Env): string[] | null {
  const raw = value(env, 'METRICS_HOST');
  if (raw === 'none' || raw === 'off') return null;
  return (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

function dingtalkSettings(env: Env): Config['dingtalk'] {
  const appKey = value(env, 'DINGTALK_APP_KEY');
  const appSecret = value(env, 'DINGTALK_APP_SECRET');
  if (!!appKey !== !!appSecret) {
    throw new ConfigError(appKey ? 'DINGTALK_APP_SECRET 未设置（已设置 DINGTALK_APP_KEY）' : 'DINGTALK_APP_KEY 未设置（已设置 DINGTALK_APP_SECRET）');
  }
  if (!appKey || !appSecret) return undefined;
  const eventMode = value(env, 'DINGTALK_EVENT_MODE') ?? 'stream';
  if (eventMode !== 'stream' && eventMode !== 'http') throw new ConfigError(`DINGTALK_EVENT_MODE 只能是 stream 或 http，实际是“${eventMode}”`);
  const apiBase = value(env, 'DINGTALK_API_BASE') ?? 'https://api.dingtalk.com';
  if (!/^https?:\/\/[^\s/]+/.test(apiBase)) throw new ConfigError(`DINGTALK_API_BASE 应是 http(s) 地址，实际是“${apiBase}”`);
  const oapiBase = value(env, 'DINGTALK_OAPI_BASE');
  if (oapiBase && !/^https?:\/\/[^\s/]+/.test(oapiBase)) throw new ConfigError(`DINGTALK_OAPI_BASE 应是 http(s) 地址，实际是“${oapiBase}”`);
  const loginBase = value(env, 'DINGTALK_LOGIN_BASE');
  if (loginBase && !/^https?:\/\/[^\s/]+/.test(loginBase)) throw new ConfigError(`DINGTALK_LOGIN_BASE 应是 http(s) 地址，实际是“${loginBase}”`);
  return {
    appKey, appSecret, robotCode: value(env, 'DINGTALK_ROBOT_CODE') ?? appKey, eventMode, apiBase: apiBase.replace(/\/+$/, ''),
    ...(oapiBase ? { oapiBase: oapiBase.replace(/\/+$/, '') } : {}), ...(loginBase ? { loginBase: loginBase.replace(/\/+$/, '') } : {}),
    cardTemplateId: value(env, 'DINGTALK_CARD_TEMPLATE_ID'),
  };
}

function consoleSettings(env: Env): ConsoleSettings {
  const read = value(env, 'CONSOLE_READ') ?? 'all';
  if (read !== 'all' && read !== 'own') throw new ConfigError(`CONSOLE_READ 只能是 all 或 own，实际是“${read}”`);
  const publicUrl = value(env, 'PUBLIC_URL');
  if (publicUrl && !/^https?:\/\/[^\s/]+/.test(publicUrl)) throw new ConfigError(`PUBLIC_URL 应是 http(s) 地址，实际是“${publicUrl}”`);
  return { host: value(env, 'CONSOLE_HOST') ?? '127.0.0.1', read, publicUrl: publicUrl?.replace(/\/+$/, ''), secret: value(env, 'CONSOLE_SECRET') };
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
    http: {
      maxConnections: positiveInt(env, 'HTTP_MAX_CONNECTIONS', 800, 100_000),
      maxConnectionsPerAddress: positiveInt(env, 'HTTP_MAX_CONNECTIONS_PER_ADDRESS', 256, 100_000),
      headersTimeoutMs: positiveInt(env, 'HTTP_HEADERS_TIMEOUT_SECONDS', 10, 600) * 1000,
      requestTimeoutMs: positiveInt(env, 'HTTP_REQUEST_TIMEOUT_SECONDS', 30, 3600) * 1000,
      bodyLimitBytes: 1024 * 1024,
    },
    shutdownGraceSeconds: positiveInt(env, 'SHUTDOWN_GRACE_SECONDS', 10, 3600),
    metricsAllowed: metricsAllowed(env),
    backup: value(env, 'BACKUP_CRON')
      ? { cron: cronExpression(env, 'BACKUP_CRON', ''), dir: value(env, 'BACKUP_DIR') ?? `${value(env, 'DATA_DIR') ?? './data'}/backups`, keep: positiveInt(env, 'BACKUP_KEEP', 7, 1000) }
      : undefined,
    adminOpenIds: idList(env, 'ADMIN_OPEN_IDS'),
    adminDingTalkIds: idList(env, 'ADMIN_DINGTALK_IDS'),
    dingtalk: dingtalkSettings(env),
    evidenceMaxBytes: positiveInt(env, 'EVIDENCE_MAX_BYTES', 20 * 1024 * 1024),
    logLevel: logLevel as Config['logLevel'],
    jobs: {
      reminderCron: cronExpression(env, 'REMINDER_CRON', '0 9 * * *'),
      digestCron: cronExpression(env, 'DIGEST_CRON', '0 9 * * 1'),
      maintenanceCron: cronExpression(env, 'MAINTENANCE_CRON', '30 2 * * *'),
      reminderDaysBefore: dayList(env, 'REMINDER_DAYS_BEFORE', [7, 3, 1, 0]),
      overdueEveryWorkdays: positiveInt(env, 'OVERDUE_EVERY_WORKDAYS', 2, 30),
      escalateAfterDays: positiveInt(env, 'ESCALATE_AFTER_DAYS', 3, 365),
      deliverEverySeconds: positiveInt(env, 'DELIVER_EVERY_SECONDS', 5, 3600),
      maxSendsPerSecond: positiveInt(env, 'MAX_SENDS_PER_SECOND', 40, 1000),
      maxSendsPerTargetPerSecond: positiveInt(env, 'MAX_SENDS_PER_TARGET_PER_SECOND', 4, 100),
      deliveryMaxAttempts: positiveInt(env, 'DELIVERY_MAX_ATTEMPTS', 8, 100),
      eventRetentionDays: positiveInt(env, 'EVENT_RETENTION_DAYS', 30, 3650),
      digestAttachDocx: bool(env, 'DIGEST_ATTACH_DOCX', false),
    },
    lifecycle: {
      reviewRequired: bool(env, 'REVIEW_REQUIRED', true),
      evidenceRequired: bool(env, 'EVIDENCE_REQUIRED', false),
      ackWithinWorkdays: positiveInt(env, 'ACK_WITHIN_WORKDAYS', 1, 30),
      escalateHeadAfterWorkdays: positiveInt(env, 'ESCALATE_HEAD_AFTER_WORKDAYS', 10, 250),
      officeHeadIds: idList(env, 'OFFICE_HEAD_IDS'),
      urgeSms: bool(env, 'URGE_SMS', false),
    },
    officeName: value(env, 'OFFICE_NAME') ?? '督查室',
    console: consoleSettings(env),
  };
}
