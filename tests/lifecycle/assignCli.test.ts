import { readArgs, UsageError } from '../../src/cli/args';
import { COMMANDS } from '../../src/cli/commands';
import { Harness, openHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
  await h.db.updateTable('leaders').set({ feishu_open_id: 'ou_tong' }).where('name', '=', '童安胜').execute();
});
afterAll(() => h.close());

/** `npm run cli -- assign …` in-process, on the harness's register. */
async function assign(...argv: string[]) {
  const lines: string[] = [];
  const { assign: command } = COMMANDS;
  await command.run(readArgs(argv, command.options, command.usage), (t) => lines.push(t), h.app);
  return lines.join('\n');
}

test('assign from the CLI: the item is 待签收 in the year\'s 交办 campaign and its leader is sent the card with 签收', async () => {
  const text = await assign('市委政法委+市交通运输局', '治理城区积水点', '2022-12-31', '--leaders', '童安胜', '--source', '会议议定');
  const id = Number(/已交办 #(\d+)/.exec(text)![1]);
  const item = await h.db.selectFrom('commitments').innerJoin('campaigns', 'campaigns.id', 'commitments.campaign_id')
    .select(['commitments.status', 'commitments.deadline', 'commitments.source', 'campaigns.key']).where('commitments.id', '=', id).executeTakeFirstOrThrow();
  expect(item).toEqual({ status: '待签收', deadline: '2022-12-31', source: '会议议定', key: 'jiaoban-2022' });
  const card = await h.db.selectFrom('outbox').select(['target_id', 'payload']).where('dedupe_key', 'like', `assign:${id}:%`).executeTakeFirstOrThrow();
  expect(card.target_id).toBe('ou_tong');
  expect(JSON.stringify(card.payload)).toContain('签收');
  const log = await h.db.selectFrom('activity_log').select(['actor_platform', 'action']).where('commitment_id', '=', id).executeTakeFirstOrThrow();
  expect(log).toEqual({ actor_platform: 'cli', action: 'assign' });
});

test('--campaign files it under an existing campaign', async () => {
  const key = (await h.db.selectFrom('campaigns').select('key').orderBy('id').executeTakeFirstOrThrow()).key;
  const id = Number(/已交办 #(\d+)/.exec(await assign('市发改局', '补充一项', '12月31日', '--campaign', key))![1]);
  const row = await h.db.selectFrom('commitments').innerJoin('campaigns', 'campaigns.id', 'commitments.campaign_id').select('campaigns.key').where('commitments.id', '=', id).executeTakeFirstOrThrow();
  expect(row.key).toBe(key);
});

test.each([
  [['市商务局', '内容'], /请依次写明部门、内容和时限/],
  [['市商务局', '内容', '春节前'], /不是具体日期/],
  [['市商务局', '内容', '12月31日', '--source', '网上看到'], /--source 只能是/],
  [['市商务局', '内容', '12月31日', '--campaign', 'nope'], /没有批次“nope”/],
  [['市商务局', '内容', '12月31日', '--leaders', '无此人'], /名单中没有责任领导“无此人”/],
  [['不存在的局', '内容', '12月31日'], /找不到部门“不存在的局”/],
])('%j is refused and changes nothing', async (argv, message) => {
  const before = await h.snapshot();
  await expect(assign(...argv)).rejects.toThrow(message);
  expect(await h.snapshot()).toEqual(before);
});
