import type { Card } from '../rendering/card';
import { asReply } from './arguments';
import type { ActionCommand, Command, CommandContext } from './types';

/** What an action command's body returns when the step went through; it ends early by throwing a Reply. */
export interface Applied {
  card: Card;
  /** One sentence, no full stop: a card button's toast. */
  message: string;
}

type ActionSpec = Omit<Command, 'run'> & { apply(ctx: CommandContext): Promise<Applied> };

/**
 * A command whose outcome is typed: `act` tells applied, refused or unchanged
 * (a Reply thrown by the body), `run` shows the card. A card button calls
 * `act`, so its toast follows the outcome, never the card's wording.
 */
export function actionCommand(spec: ActionSpec): ActionCommand {
  const { apply, ...described } = spec;
  const command: ActionCommand = {
    ...described,
    async act(ctx) {
      try {
        const applied = await apply.call(spec, ctx);
        return { kind: 'applied', ...applied };
      } catch (error) {
        const reply = asReply(error);
        if (!reply) throw error;
        return { kind: reply.kind, card: reply.card, message: reply.text };
      }
    },
    async run(ctx) {
      return (await command.act(ctx)).card;
    },
  };
  return command;
}
