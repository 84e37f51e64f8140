import { afterAll, beforeAll } from 'vitest';
import { startLabCloud, type LabCloud } from './lab-cloud.js';

/**
 * A lab cloud for the describe block it is called in: started before its tests (60 s allowed),
 * stopped after them, namespaces included, whatever they did. Apart from vitest, as bench/ uses lab-cloud.ts.
 */
export const labCloudFor = (options: Parameters<typeof startLabCloud>[0]): LabCloud => {
  let cloud: LabCloud | undefined;
  beforeAll(async () => {
    cloud = await startLabCloud(options);
  }, 60_000);
  afterAll(async () => {
    await cloud?.stop();
  });
  // The cloud exists only once beforeAll has run: the tests reach it through this stand-in.
  return new Proxy({} as LabCloud, {
    get: (_, key) => {
      if (!cloud) throw new Error('the lab cloud is started in beforeAll, before the tests');
      return Reflect.get(cloud, key);
    },
  });
};
