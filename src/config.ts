import { parseConfig } from './configSchema';

/**
 * All configuration, read and checked once at startup. Bad values stop the
 * program with one line for each, naming the variable.
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
  /** DingTalk staffIds of office heads, for a 浙政钉 office. */
  officeHeadDingTalkIds: string[];
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

/** Every problem with the environment, one line each (naming the variable), found in one pass. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads and checks every variable (src/configSchema.ts); throws a ConfigError listing all that are wrong. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = parseConfig(env);
  if (!result.ok) throw new ConfigError(result.problems);
  return result.config;
}
