import { deliverDue } from '../../jobs/deliver';
import { runDigest } from '../../jobs/digest';
import { RateLimiter } from '../../jobs/rateLimiter';
import { planReminders } from '../../jobs/reminders';
import type { App } from '../app';
import { seedIfEmpty } from '../register/seedRegister';
import { shanghaiDay } from '../clock';
import { createLogger } from '../logger';
import { createFeishuClient } from '../platforms/feishu/client';
import { FeishuPlatform } from '../platforms/feishu/feishuPlatform';
import type { ChatPlatform } from '../platforms/platform';
import { ShellPlatform } from '../platforms/shell/shellPlatform';
import { DingTalkApi } from '../platforms/dingtalk/api';
import { DingTalkPlatform } from '../platforms/dingtalk/dingtalkPlatform';
import { Args, stringOption, UsageError } from './args';

/** run-job reminders|digest|deliver [--day YYYY-MM-DD]: one job now, on the business clock. */
export async function runJobCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  const job = args.positional[0];
  const day = stringOption(args, 'day') ?? shanghaiDay(app.clock.now());
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new UsageError(`--day 应写成 YYYY-MM-DD，实际是“${day}”`);
  // A fresh clone has an empty register: load the seed list as `npm start` does, so the demo has something to run on.
  await seedIfEmpty(app.db, app.clock);
  if (job === 'reminders') {
    const plan = await planReminders(app, day);
    out(plan.workday ? `${day} 提醒：涉及 ${plan.items} 项，新排入 ${plan.queued} 条消息` : `${day} 不是工作日，不发提醒`);
    if (plan.undeliverable.length) out(`无人可接收：${plan.undeliverable.join('、')}`);
    return;
  }
  if (job === 'digest') {
    const run = await runDigest(app, day);
    out(run.workday ? `${run.week} 周报：新排入 ${run.queued} 条${run.empty ? `，${run.empty} 个群没有可通报的事项` : ''}` : `${day} 不是工作日，不发周报`);
    return;
  }
  if (job === 'deliver') {
    const log = createLogger(app.config.logLevel);
    const { feishu, dingtalk } = app.config;
    const platforms: Record<string, ChatPlatform> = {
      // Without credentials the messages are printed here instead.
      feishu: feishu ? new FeishuPlatform(createFeishuClient(feishu, undefined, log), log) : new ShellPlatform(out),
      dingtalk: dingtalk ? new DingTalkPlatform(new DingTalkApi(dingtalk), log, undefined, dingtalk.eventMode === 'http' ? 'HTTP' : 'STREAM') : new ShellPlatform(out),
      // The office's cards on a machine with no chat platform (src/register/recipients.ts officeRecipients).
      shell: new ShellPlatform(out),
    };
    const limiter = new RateLimiter(app.config.jobs.maxSendsPerSecond, app.config.jobs.maxSendsPerTargetPerSecond);
    const report = await deliverDue(app, { platforms, limiter, log });
    out(`发送 ${report.sent} 条，稍后重试 ${report.retried} 条，失败 ${report.failed} 条，取消 ${report.cancelled} 条`);
    return;
  }
  throw new UsageError('用法：run-job reminders|digest|deliver [--day YYYY-MM-DD]');
}
