import type { App } from '../app';
import { shanghaiDay } from '../clock';
import { registerItems, UnknownFilterError } from '../register/itemsRegister';
import { Args, stringOption, UsageError } from './args';

/** `items [--campaign key] [--department 名称] --json`: the register as one JSON array, nothing else on stdout. */
export async function itemsCommand(app: App, args: Args, out: (text: string) => void): Promise<void> {
  if (!args.options.json) throw new UsageError('用法：items [--campaign 批次键] [--department 部门] --json');
  try {
    const items = await registerItems(app.db, { campaignKey: stringOption(args, 'campaign'), departmentName: stringOption(args, 'department') }, shanghaiDay(app.clock.now()));
    out(JSON.stringify(items, null, 2));
  } catch (error) {
    if (error instanceof UnknownFilterError) throw new UsageError(error.message);
    throw error;
  }
}
