import ExcelJS from 'exceljs';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as lark from '@larksuiteoapi/node-sdk';
import { rosterCommand } from '../../src/cli/roster';
import { silentLogger } from '../../src/logger';
import { DingTalkApi } from '../../src/platforms/dingtalk/api';
import { DingTalkDirectory } from '../../src/platforms/dingtalk/dingtalkDirectory';
import { createFeishuClient } from '../../src/platforms/feishu/client';
import { FeishuDirectory } from '../../src/platforms/feishu/feishuDirectory';
import { FakeDingTalk } from '../../testkit/fakeDingTalk';
import { FakeFeishu } from '../../testkit/fakeFeishu';
import { Harness, openHarness } from '../helpers/harness';

let h: Harness;
let feishu: FakeFeishu;
let dingtalk: FakeDingTalk;
beforeAll(async () => {
  feishu = await new FakeFeishu().start();
  dingtalk = await new FakeDingTalk().start();
  h = await openHarness();
});
afterAll(async () => {
  await h.close();
  await feishu.stop();
  await dingtalk.stop();
});

test('on a terminal, roster import shows 查找账号 done/total across both platforms, then the summary', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'duban-progress-')), '花名册.xlsx');
  await rosterCommand(h.app, { positional: ['template', file], options: {} }, () => undefined, []);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(file);
  const departments = await h.db.selectFrom('departments').select('name').execute();
  for (let i = 0; i < 60; i++) workbook.getWorksheet('花名册')!.addRow([`新领导${i}`, departments[i % departments.length].name, null, `1350000${String(i).padStart(4, '0')}`, null, '领导']);
  await workbook.xlsx.writeFile(file);
  const fast = { log: silentLogger, perSecond: 10_000, sleep: async () => undefined };
  const directories = [
    new FeishuDirectory(createFeishuClient({ appId: 'cli_a1b2c3d4e5f60720', appSecret: 's', domain: feishu.url, eventMode: 'ws' }, new lark.DefaultCache(), silentLogger), fast),
    new DingTalkDirectory(new DingTalkApi({ appKey: 'k', appSecret: 's', robotCode: 'r', apiBase: dingtalk.url, oapiBase: dingtalk.url }), fast),
  ];

  const written: string[] = [];
  const stderr = process.stderr as NodeJS.WriteStream & { isTTY: boolean };
  const [wasTTY, write] = [stderr.isTTY, stderr.write];
  stderr.isTTY = true;
  stderr.write = ((chunk: string) => written.push(String(chunk)) > 0) as typeof stderr.write;
  const out: string[] = [];
  try {
    await rosterCommand(h.app, { positional: ['import', file], options: {} }, (t) => out.push(t), directories);
  } finally {
    stderr.isTTY = wasTTY;
    stderr.write = write;
  }
  const shown = written.join('').split('\r').filter(Boolean);
  // Feishu in batches of 50 (50, 60), then DingTalk one by one (61 … 120), on one line, ended by a newline.
  expect(shown.slice(0, 3)).toEqual(['查找账号 50/120', '查找账号 60/120', '查找账号 61/120']);
  expect(shown.at(-1)).toBe('查找账号 120/120\n');
  expect(shown).toHaveLength(2 + 60);
  expect(out[0]).toMatch(/^花名册 60 行，用时 [\d.]+ 秒：匹配领导 0 位，新增领导 60 位/);
  expect(out[1]).toContain('未找到账号 60');
});
