import { setConsolePublicUrl } from '../../src/rendering/consoleLink';
import { toFeishuCard } from '../../src/rendering/feishuCard';
import { Harness, OFFICE, openHarness } from '../helpers/harness';

let h: Harness;
beforeAll(async () => {
  h = await openHarness();
});
afterAll(async () => {
  setConsolePublicUrl(undefined);
  await h.close();
});

test('with PUBLIC_URL an item card links to the item in the console; without it there is no link', async () => {
  expect((await h.say(OFFICE, '/show 4')).text).not.toContain('在控制台查看');
  setConsolePublicUrl('https://duban.example.gov.cn');
  const { card } = await h.say(OFFICE, '/show 4');
  expect(JSON.stringify(toFeishuCard(card))).toContain('[在控制台查看](https://duban.example.gov.cn/console/items/4)');
});
