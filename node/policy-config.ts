import { readFile } from 'node:fs/promises';
import * as E from 'fp-ts/lib/Either.js';
import { parsePolicyFile, ruleSetOf, type RuleSet } from '../api/policy/index.js';

/** The API's policy from `--policy-file`: Neutron's defaults without one; a file that cannot be used is a start-up error. */
export const policyOf = async (file: string | undefined): Promise<E.Either<string, RuleSet>> => {
  if (file === undefined) return ruleSetOf();
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    return E.left(`cannot read policy file ${file}: ${(error as Error).message}`);
  }
  const rules = parsePolicyFile(text);
  return E.isLeft(rules) ? E.left(`policy file ${file}: ${rules.left}`) : rules;
};
