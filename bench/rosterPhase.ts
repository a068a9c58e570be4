import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import type { Db } from '../db/connection';
import { cliActor } from '../src/domain/actor';
import { readRoster, writeRosterTemplate } from '../src/ingest/rosterWorkbook';
import { silentLogger } from '../src/logger';
import { DingTalkApi } from '../src/platforms/dingtalk/api';
import { DingTalkDirectory } from '../src/platforms/dingtalk/dingtalkDirectory';
import type { AccountDirectory } from '../src/platforms/directory';
import { createFeishuClient } from '../src/platforms/feishu/client';
import { FeishuDirectory } from '../src/platforms/feishu/feishuDirectory';
import { importRoster } from '../src/register/roster';
import { CallRate } from '../testkit/callRate';
import { FakeDingTalk } from '../testkit/fakeDingTalk';
import { FakeFeishu } from '../testkit/fakeFeishu';
import { generateRegister, Scale } from './generate';
import { measured } from './measure';

export interface RosterLeg {
  rows: number;
  ms: number;
  calls: number;
  bound: number;
  problems: number;
  /** Calls the fake refused for exceeding the platform's per-app limit (Feishu 50/s, DingTalk 20/s). */
  throttled: number;
  peakRssMb: number;
}

const mobile = (i: number) => `139${String(i).padStart(8, '0')}`;

async function writeRoster(file: string, rows: number, departmentNames: string[]): Promise<void> {
  await writeRosterTemplate(file);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const sheet = workbook.getWorksheet('花名册')!;
  for (let i = 0; i < rows; i++) sheet.addRow([`领导${String(i + 1).padStart(5, '0')}`, departmentNames[i % departmentNames.length], '局长', mobile(i), null, '领导']);
  await workbook.xlsx.writeFile(file);
}

async function leg(db: Db, file: string, directory: AccountDirectory, column: 'feishu_open_id' | 'dingtalk_staff_id', rate: CallRate, calls: () => number): Promise<RosterLeg> {
  await db.updateTable('leaders').set({ feishu_open_id: null, dingtalk_staff_id: null }).execute();
  const rows = await readRoster(file);
  const run = await measured(() => importRoster(db, rows, [directory], { actor: cliActor(), now: new Date() }));
  const bound = Number((await db.selectFrom('leaders').select((eb) => eb.fn.countAll().as('n')).where(column, 'is not', null).executeTakeFirstOrThrow()).n);
  return { rows: rows.length, ms: run.ms, calls: calls(), bound, problems: run.result.problems.length, throttled: rate.throttled, peakRssMb: run.peakRssMb };
}

/**
 * A generated roster of the city's leaders (unbound first), resolved at
 * duban's own pace against fakes that enforce the platforms' per-app limits:
 * on Feishu (batches of 50 through the SDK, 20 calls a second) and on DingTalk
 * (one call per person, 15 a second). 90% found, 5% resigned, 5% with no account.
 */
export async function rosterPhase(open: () => Promise<{ db: Db; close(): Promise<void> }>, scale: Scale, people: { feishu: number; dingtalk: number }) {
  const { db, close } = await open();
  const feishu = await new FakeFeishu().start();
  const dingtalk = await new FakeDingTalk().start();
  feishu.lookupRate = new CallRate(50);
  dingtalk.lookupRate = new CallRate(20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'duban-bench-roster-'));
  try {
    const { departmentNames } = await generateRegister(db, { ...scale, leaders: Math.max(people.feishu, people.dingtalk) });
    for (let i = 0; i < Math.max(people.feishu, people.dingtalk); i++) {
      if (i % 20 === 0) continue;
      feishu.directory.set(mobile(i), { openId: `ou_roster_${i}`, resigned: i % 20 === 1 });
      // DingTalk does not return resigned users: they are not found.
      if (i % 20 !== 1) dingtalk.users.set(mobile(i), `staff_roster_${i}`);
    }
    const result: { feishu?: RosterLeg; dingtalk?: RosterLeg } = {};
    if (people.feishu) {
      const file = path.join(dir, 'feishu.xlsx');
      await writeRoster(file, people.feishu, departmentNames);
      const client = createFeishuClient({ appId: 'cli_a1b2c3d4e5f60718', appSecret: 's', domain: feishu.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger);
      result.feishu = await leg(db, file, new FeishuDirectory(client, { log: silentLogger }), 'feishu_open_id', feishu.lookupRate,
        () => feishu.requests.filter((r) => r.path.endsWith('batch_get_id')).length);
    }
    if (people.dingtalk) {
      const file = path.join(dir, 'dingtalk.xlsx');
      await writeRoster(file, people.dingtalk, departmentNames);
      const api = new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: dingtalk.url, oapiBase: dingtalk.url });
      result.dingtalk = await leg(db, file, new DingTalkDirectory(api, { log: silentLogger }), 'dingtalk_staff_id', dingtalk.lookupRate,
        () => dingtalk.requests.filter((r) => r.path.endsWith('getbymobile')).length);
    }
    return result;
  } finally {
    await feishu.stop();
    await dingtalk.stop();
    await close();
  }
}

export function rosterRows(roster: { feishu?: RosterLeg; dingtalk?: RosterLeg }): string[][] {
  return (['feishu', 'dingtalk'] as const).flatMap((platform) => {
    const r = roster[platform];
    if (!r) return [];
    const label = platform === 'feishu' ? 'Feishu look-up, batches of 50' : 'DingTalk look-up, one call each';
    return [[`roster import, ${r.rows} rows (${label})`, `${(r.ms / 1000).toFixed(1)} s (${r.calls} calls, ${r.throttled} throttled; ${r.bound} bound, ${r.problems} listed)`, `${r.peakRssMb}`]];
  });
}
