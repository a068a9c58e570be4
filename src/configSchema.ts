import cron from 'node-cron';
import { z } from 'zod';
import type { Config } from './config';

/**
 * Every environment variable duban reads, as one zod schema: each variable's
 * format and default, then the rules between variables. A problem's message is
 * what is expected, in Chinese; `problemLines` puts the variable's name in
 * front and what was given after it (never for a secret).
 */

/** A variable's text, trimmed; empty counts as unset. */
const text = z.string().optional().transform((v) => v?.trim() || undefined);

const HTTP_URL = /^https?:\/\/[^\s/]+/;

/** A whole number from 1 to `max`; unset: `fallback`. */
function count(fallback: number, max?: number) {
  const expected = max === undefined ? '应为正整数' : `应为 1 到 ${max} 之间的整数`;
  return text.transform((v) => (v === undefined ? fallback : Number(v)))
    .pipe(z.number(expected).int(expected).min(1, expected).max(max ?? Number.MAX_SAFE_INTEGER, expected));
}

function oneOf<const T extends readonly [string, ...string[]]>(values: T, fallback: T[number]) {
  const choices = values.length > 2 ? `${values.slice(0, -1).join('、')} 或 ${values.at(-1)}` : values.join(' 或 ');
  return text.transform((v) => v ?? fallback).pipe(z.enum(values, `只能是 ${choices}`));
}

const flag = (fallback: boolean) => text.pipe(z.stringbool({
  truthy: ['true', '1', 'yes', 'on'], falsy: ['false', '0', 'no', 'off'], error: '只能是 true 或 false',
}).default(fallback));

const cronSyntax = z.string().refine((expression) => cron.validate(expression), '应为有效的 cron 表达式（例：0 9 * * *）');
const cronExpression = (fallback: string) => text.transform((v) => v ?? fallback).pipe(cronSyntax);

const httpUrl = z.string().regex(HTTP_URL, '应是 http(s) 地址').transform((url) => url.replace(/\/+$/, ''));
const url = (fallback: string) => text.transform((v) => v ?? fallback).pipe(httpUrl);

const idList = text.transform((v) => (v ?? '').split(',').map((s) => s.trim()).filter(Boolean));

const DAYS = '应为逗号分隔的 0 到 60 之间的天数，例如 7,3,1,0';
/** Days before a deadline, largest first, each once. */
const dayList = (fallback: number[]) => text
  .transform((v) => v?.split(',').map((s) => Number(s.trim())))
  .pipe(z.array(z.number(DAYS).int(DAYS).min(0, DAYS).max(60, DAYS)).optional())
  .transform((days) => (days ? [...new Set(days)].sort((a, b) => b - a) : fallback));

/** Checked only when DINGTALK_APP_KEY and DINGTALK_APP_SECRET are both set, as they are only used then. */
const dingtalkDetails = z.object({
  DINGTALK_EVENT_MODE: oneOf(['stream', 'http'], 'stream'),
  DINGTALK_API_BASE: url('https://api.dingtalk.com'),
  DINGTALK_OAPI_BASE: text.pipe(httpUrl.optional()),
  DINGTALK_LOGIN_BASE: text.pipe(httpUrl.optional()),
});

/** Checked only when BACKUP_CRON is set. */
const backupDetails = z.object({ BACKUP_KEEP: count(7, 1000) });

const variables = z.object({
  DATABASE_URL: text.pipe(z.string().regex(/^postgres(ql)?:\/\//, '应以 postgres:// 或 postgresql:// 开头').optional()),
  DATA_DIR: text.transform((v) => v ?? './data'),
  BOT_NOW: text.transform((v) => (v === undefined ? undefined : new Date(v)))
    .pipe(z.date('应为 ISO 时间（例：2022-11-20T09:00:00+08:00）').optional()),

  FEISHU_APP_ID: text,
  FEISHU_APP_SECRET: text,
  FEISHU_DOMAIN: url('https://open.feishu.cn'),
  FEISHU_EVENT_MODE: oneOf(['ws', 'webhook'], 'ws'),
  FEISHU_ENCRYPT_KEY: text,
  FEISHU_VERIFICATION_TOKEN: text,

  PORT: count(3000, 65535),
  HTTP_MAX_CONNECTIONS: count(800, 100_000),
  HTTP_MAX_CONNECTIONS_PER_ADDRESS: count(256, 100_000),
  HTTP_HEADERS_TIMEOUT_SECONDS: count(10, 600),
  HTTP_REQUEST_TIMEOUT_SECONDS: count(30, 3600),
  SHUTDOWN_GRACE_SECONDS: count(10, 3600),
  METRICS_HOST: text.transform((v) => (v === 'none' || v === 'off' ? null : (v ?? '').split(',').map((s) => s.trim()).filter(Boolean))),

  BACKUP_CRON: text.pipe(cronSyntax.optional()),
  BACKUP_DIR: text,
  BACKUP_KEEP: text, // checked in `combinations`, when BACKUP_CRON is set

  ADMIN_OPEN_IDS: idList,
  ADMIN_DINGTALK_IDS: idList,
  DINGTALK_APP_KEY: text,
  DINGTALK_APP_SECRET: text,
  DINGTALK_ROBOT_CODE: text,
  DINGTALK_EVENT_MODE: text, // these four checked in `combinations`, when DingTalk is configured
  DINGTALK_API_BASE: text,
  DINGTALK_OAPI_BASE: text,
  DINGTALK_LOGIN_BASE: text,
  DINGTALK_CARD_TEMPLATE_ID: text,

  EVIDENCE_MAX_BYTES: count(20 * 1024 * 1024),
  LOG_LEVEL: oneOf(['debug', 'info', 'warn', 'error'], 'info'),

  REMINDER_CRON: cronExpression('0 9 * * *'),
  DIGEST_CRON: cronExpression('0 9 * * 1'),
  MAINTENANCE_CRON: cronExpression('30 2 * * *'),
  REMINDER_DAYS_BEFORE: dayList([7, 3, 1, 0]),
  OVERDUE_EVERY_WORKDAYS: count(2, 30),
  ESCALATE_AFTER_DAYS: count(3, 365),
  DELIVER_EVERY_SECONDS: count(5, 3600),
  MAX_SENDS_PER_SECOND: count(40, 1000),
  MAX_SENDS_PER_TARGET_PER_SECOND: count(4, 100),
  DELIVERY_MAX_ATTEMPTS: count(8, 100),
  EVENT_RETENTION_DAYS: count(30, 3650),
  DIGEST_ATTACH_DOCX: flag(false),

  REVIEW_REQUIRED: flag(true),
  EVIDENCE_REQUIRED: flag(false),
  ACK_WITHIN_WORKDAYS: count(1, 30),
  ESCALATE_HEAD_AFTER_WORKDAYS: count(10, 250),
  OFFICE_HEAD_IDS: idList,
  OFFICE_HEAD_DINGTALK_IDS: idList,
  URGE_SMS: flag(false),

  OFFICE_NAME: text.transform((v) => v ?? '督查室'),
  CONSOLE_HOST: text.transform((v) => v ?? '127.0.0.1'),
  CONSOLE_READ: oneOf(['all', 'own'], 'all'),
  PUBLIC_URL: text.pipe(httpUrl.optional()),
  CONSOLE_SECRET: text,
});

type Variables = z.output<typeof variables>;

/** Every variable the schema reads (.env.example lists the same). */
export const CONFIG_VARIABLES = Object.keys(variables.shape);

/** Values never repeated in a message. */
const SECRETS = new Set(['DATABASE_URL', 'FEISHU_APP_SECRET', 'FEISHU_ENCRYPT_KEY', 'FEISHU_VERIFICATION_TOKEN', 'DINGTALK_APP_SECRET', 'CONSOLE_SECRET']);

/** One of two variables set without the other. */
function bothOrNeither(v: Record<string, string | undefined>, ctx: z.RefinementCtx, a: string, b: string): void {
  if (!!v[a] === !!v[b]) return;
  const [missing, set] = v[a] ? [b, a] : [a, b];
  ctx.addIssue({ code: 'custom', path: [missing], message: `未设置（已设置 ${set}）` });
}

/** A group's settings when it is in use; its problems reported with the others. */
function details<T>(schema: z.ZodType<T>, v: unknown, ctx: z.RefinementCtx): T | undefined {
  const result = schema.safeParse(v);
  for (const issue of result.error?.issues ?? []) ctx.addIssue({ code: 'custom', path: issue.path, message: issue.message });
  return result.data;
}

/**
 * The rules between variables, read from the same environment apart from
 * `variables` (whose every field is plain text here, so these rules always
 * run): every problem is reported at once, not only the first.
 */
const combinations = z.object({
  FEISHU_APP_ID: text, FEISHU_APP_SECRET: text, FEISHU_EVENT_MODE: text, FEISHU_ENCRYPT_KEY: text,
  DINGTALK_APP_KEY: text, DINGTALK_APP_SECRET: text,
  DINGTALK_EVENT_MODE: text, DINGTALK_API_BASE: text, DINGTALK_OAPI_BASE: text, DINGTALK_LOGIN_BASE: text,
  BACKUP_CRON: text, BACKUP_KEEP: text,
}).transform((v, ctx) => {
  bothOrNeither(v, ctx, 'FEISHU_APP_ID', 'FEISHU_APP_SECRET');
  if (v.FEISHU_APP_ID && v.FEISHU_EVENT_MODE === 'webhook' && !v.FEISHU_ENCRYPT_KEY) {
    ctx.addIssue({ code: 'custom', path: ['FEISHU_ENCRYPT_KEY'], message: '未设置：webhook 模式必须配置加密密钥，以便校验飞书的签名' });
  }
  bothOrNeither(v, ctx, 'DINGTALK_APP_KEY', 'DINGTALK_APP_SECRET');
  return {
    dingtalk: v.DINGTALK_APP_KEY && v.DINGTALK_APP_SECRET ? details(dingtalkDetails, v, ctx) : undefined,
    backup: v.BACKUP_CRON ? details(backupDetails, v, ctx) : undefined,
  };
});

type Combinations = z.output<typeof combinations>;

function toConfig(v: Variables, { dingtalk, backup }: Combinations): Config {
  return {
    databaseUrl: v.DATABASE_URL,
    dataDir: v.DATA_DIR,
    botNow: v.BOT_NOW,
    feishu: v.FEISHU_APP_ID && v.FEISHU_APP_SECRET
      ? {
        appId: v.FEISHU_APP_ID, appSecret: v.FEISHU_APP_SECRET, domain: v.FEISHU_DOMAIN, eventMode: v.FEISHU_EVENT_MODE,
        encryptKey: v.FEISHU_ENCRYPT_KEY, verificationToken: v.FEISHU_VERIFICATION_TOKEN,
      }
      : undefined,
    port: v.PORT,
    http: {
      maxConnections: v.HTTP_MAX_CONNECTIONS,
      maxConnectionsPerAddress: v.HTTP_MAX_CONNECTIONS_PER_ADDRESS,
      headersTimeoutMs: v.HTTP_HEADERS_TIMEOUT_SECONDS * 1000,
      requestTimeoutMs: v.HTTP_REQUEST_TIMEOUT_SECONDS * 1000,
      bodyLimitBytes: 1024 * 1024,
    },
    shutdownGraceSeconds: v.SHUTDOWN_GRACE_SECONDS,
    metricsAllowed: v.METRICS_HOST,
    backup: v.BACKUP_CRON
      ? { cron: v.BACKUP_CRON, dir: v.BACKUP_DIR ?? `${v.DATA_DIR}/backups`, keep: backup!.BACKUP_KEEP }
      : undefined,
    adminOpenIds: v.ADMIN_OPEN_IDS,
    adminDingTalkIds: v.ADMIN_DINGTALK_IDS,
    dingtalk: dingtalk && {
      appKey: v.DINGTALK_APP_KEY!, appSecret: v.DINGTALK_APP_SECRET!, robotCode: v.DINGTALK_ROBOT_CODE ?? v.DINGTALK_APP_KEY!,
      eventMode: dingtalk.DINGTALK_EVENT_MODE, apiBase: dingtalk.DINGTALK_API_BASE,
      ...(dingtalk.DINGTALK_OAPI_BASE ? { oapiBase: dingtalk.DINGTALK_OAPI_BASE } : {}),
      ...(dingtalk.DINGTALK_LOGIN_BASE ? { loginBase: dingtalk.DINGTALK_LOGIN_BASE } : {}), cardTemplateId: v.DINGTALK_CARD_TEMPLATE_ID,
    },
    evidenceMaxBytes: v.EVIDENCE_MAX_BYTES,
    logLevel: v.LOG_LEVEL,
    jobs: {
      reminderCron: v.REMINDER_CRON,
      digestCron: v.DIGEST_CRON,
      maintenanceCron: v.MAINTENANCE_CRON,
      reminderDaysBefore: v.REMINDER_DAYS_BEFORE,
      overdueEveryWorkdays: v.OVERDUE_EVERY_WORKDAYS,
      escalateAfterDays: v.ESCALATE_AFTER_DAYS,
      deliverEverySeconds: v.DELIVER_EVERY_SECONDS,
      maxSendsPerSecond: v.MAX_SENDS_PER_SECOND,
      maxSendsPerTargetPerSecond: v.MAX_SENDS_PER_TARGET_PER_SECOND,
      deliveryMaxAttempts: v.DELIVERY_MAX_ATTEMPTS,
      eventRetentionDays: v.EVENT_RETENTION_DAYS,
      digestAttachDocx: v.DIGEST_ATTACH_DOCX,
    },
    lifecycle: {
      reviewRequired: v.REVIEW_REQUIRED,
      evidenceRequired: v.EVIDENCE_REQUIRED,
      ackWithinWorkdays: v.ACK_WITHIN_WORKDAYS,
      escalateHeadAfterWorkdays: v.ESCALATE_HEAD_AFTER_WORKDAYS,
      officeHeadIds: v.OFFICE_HEAD_IDS,
      officeHeadDingTalkIds: v.OFFICE_HEAD_DINGTALK_IDS,
      urgeSms: v.URGE_SMS,
    },
    officeName: v.OFFICE_NAME,
    console: { host: v.CONSOLE_HOST, read: v.CONSOLE_READ, publicUrl: v.PUBLIC_URL, secret: v.CONSOLE_SECRET },
  };
}

export type ConfigResult = { ok: true; config: Config } | { ok: false; problems: string[] };

/** Every variable checked, and every rule between them: all problems at once, one line each. */
export function parseConfig(env: Record<string, string | undefined>): ConfigResult {
  const values = variables.safeParse(env);
  const between = combinations.safeParse(env);
  if (values.success && between.success) return { ok: true, config: toConfig(values.data, between.data) };
  return { ok: false, problems: problemLines([...(values.error?.issues ?? []), ...(between.error?.issues ?? [])], env) };
}

/** What was given, on one line and not too long. */
function given(name: string, raw: string): string {
  if (SECRETS.has(name)) return '（出于安全，不显示所填的值）';
  const shown = JSON.stringify(raw).slice(1, -1);
  return `，实际是“${shown.length > 80 ? `${shown.slice(0, 80)}…` : shown}”`;
}

/** One line per problem: the variable, what it should be, and what it is. */
function problemLines(issues: z.core.$ZodIssue[], env: Record<string, string | undefined>): string[] {
  const lines = issues.map((issue) => {
    const name = String(issue.path[0]);
    const raw = env[name]?.trim();
    return `${name} ${issue.message}${raw ? given(name, raw) : ''}`;
  });
  return [...new Set(lines)];
}
