import { bench, describe } from 'vitest';
import { generateOperations } from '../src/index';

/** Cost of full OrderSchema validation in the generator: the same stream with and without it. */
describe('generateOperations, 5,000 orders (~20,000 operations)', () => {
  const drain = (validate: boolean) => {
    let count = 0;
    for (const _ of generateOperations({ orders: 5_000, seed: 'bench', validate })) count += 1;
    return count;
  };
  bench(
    'with OrderSchema validation (default)',
    () => {
      drain(true);
    },
    { iterations: 10, time: 0 },
  );
  bench(
    'without validation',
    () => {
      drain(false);
    },
    { iterations: 10, time: 0 },
  );
});
