import * as E from 'fp-ts/lib/Either.js';
import type { Command } from '../../domain/index.js';
import { observe } from '../model/observe.js';
import { foldHistory } from './fold.js';

function* permutations<T>(items: readonly T[]): Generator<T[]> {
  if (items.length <= 1) return yield [...items];
  for (let i = 0; i < items.length; i++)
    for (const rest of permutations([...items.slice(0, i), ...items.slice(i + 1)])) yield [items[i], ...rest];
}

/**
 * The serial order of the batch, if any, that answers each command as the engine did (`outcomes`,
 * as outcomeOf names them) and ends in the state `seen` (as observe shows it), after `setup`.
 */
export const serialOrderMatching = (setup: readonly Command[], batch: readonly Command[], outcomes: readonly string[], seen: unknown): number[] | undefined => {
  for (const order of permutations(batch.map((_, i) => i))) {
    const answered: string[] = [];
    const world = foldHistory([...setup, ...order.map((i) => batch[i])], ({ outcome }) => {
      answered.push(E.isRight(outcome) ? 'ok' : outcome.left.type);
    });
    const serial = answered.slice(setup.length);
    if (order.every((i, k) => serial[k] === outcomes[i]) && JSON.stringify(observe(world)) === JSON.stringify(seen)) return order;
  }
  return undefined;
};
