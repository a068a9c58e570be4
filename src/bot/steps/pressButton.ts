import { pressButton as handleButton } from '../../../commands/cardActions';
import type { Step } from '../chain';
import { runLine } from '../runLine';
import type { ClickTurn } from '../turn';

/** The button's handler (commands/cardActions) decides the toast and, when something changed, the updated card. */
export const pressButton: Step<ClickTurn> = async (turn) => {
  const { app, action } = turn;
  turn.result = await handleButton({
    app, actor: action.operator, chat: action.chat, value: action.value,
    runLine: (text) => runLine(app, action.operator, action.chat, text),
  });
};
