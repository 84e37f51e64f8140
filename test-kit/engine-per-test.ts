import { afterEach } from 'vitest';
import type { Projection } from '../projections/projection.js';
import { engineOn } from './engine-fixture.js';

/**
 * engineOn for a file whose tests each start an engine: the one a test started is stopped and its
 * dir removed after it, whatever the test did. Apart from engine-fixture.ts, which the bench uses
 * outside vitest.
 */
export const enginePerTest = () => {
  let started: Awaited<ReturnType<typeof engineOn>> | undefined;
  afterEach(async () => {
    const harness = started;
    started = undefined;
    await harness?.stop();
    await harness?.remove();
  });
  return async (projections: Projection[]) => (started = await engineOn(projections));
};
