/**
 * One step of handling: does its part, then hands on with `next()`, or does
 * not, and the handling stops there. A step may also act after `next()`
 * resolves, on what the steps after it did (as `reply` sends their answer).
 */
export type Step<Turn> = (turn: Turn, next: () => Promise<void>) => Promise<void>;

const nothingMore = async (): Promise<void> => undefined;

/**
 * The steps as one step, each handing on to the next in order: grammY's
 * Composer, without the framework. A chain is a step, so chains nest.
 */
export function chain<Turn>(...steps: Step<Turn>[]): Step<Turn> {
  return (turn, last) => {
    const from = (i: number): Promise<void> => (i === steps.length ? last() : steps[i](turn, () => from(i + 1)));
    return from(0);
  };
}

/** Runs a chain to its end. */
export function runChain<Turn>(step: Step<Turn>, turn: Turn): Promise<void> {
  return step(turn, nothingMore);
}
