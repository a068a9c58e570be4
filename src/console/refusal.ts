/** A request the console turns down, with the Chinese reason shown to the person. */
export class ConsoleRefusal extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export const forbidden = (message = '您没有权限进行此操作。') => new ConsoleRefusal(403, message);
export const notFound = (message = '没有找到该页面或事项。') => new ConsoleRefusal(404, message);
export const badInput = (message: string) => new ConsoleRefusal(400, message);
