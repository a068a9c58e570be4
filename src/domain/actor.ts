/** Who did something: a chat user, the local shell user, or the command line. */
export interface Actor {
  /** 'console': someone signed in to the web console with a one-time link, known by name as in the shell. */
  platform: 'feishu' | 'dingtalk' | 'shell' | 'cli' | 'system' | 'console';
  id: string;
  name: string | null;
  /** Set when the change was made in the web console rather than in chat; the log records it. */
  via?: 'console';
}

/** Where a person or a message lives. */
export type Platform = Actor['platform'];

export const cliActor = (): Actor => ({ platform: 'cli', id: process.env.USER ?? 'cli', name: '命令行' });
export const systemActor: Actor = { platform: 'system', id: 'duban', name: '督办机器人' };

/** How users call each chat platform. */
export const PLATFORM_LABEL: Record<string, string> = { feishu: '飞书', dingtalk: '钉钉' };
