/** Who did something: a chat user, the local shell user, or the command line. */
export interface Actor {
  platform: 'feishu' | 'dingtalk' | 'shell' | 'cli' | 'system';
  id: string;
  name: string | null;
}

export const cliActor = (): Actor => ({ platform: 'cli', id: process.env.USER ?? 'cli', name: '命令行' });
export const systemActor: Actor = { platform: 'system', id: 'duban', name: '督办机器人' };

/** How users call each chat platform. */
export const PLATFORM_LABEL: Record<string, string> = { feishu: '飞书', dingtalk: '钉钉' };
