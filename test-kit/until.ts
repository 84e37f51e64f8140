/** Resolves once `done` holds, polling every `everyMs`; throws past `ms`. */
export const until = async (done: () => boolean | Promise<boolean>, ms = 10_000, everyMs = 25): Promise<void> => {
  const deadline = Date.now() + ms;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`not reached within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
};
