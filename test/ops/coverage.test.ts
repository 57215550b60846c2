// The op set is closed under proof: an op exported from src/ops/index.ts without a gradient
// check fails here, listing it.
import { describe, expect, it } from 'vitest';
import * as ops from '../../src/ops/index.ts';
import { GRADCHECK_CASES, NOT_DIFFERENTIABLE } from './gradcheck-cases.ts';

const exportedOps = Object.entries(ops)
  .filter(([, value]) => typeof value === 'function')
  .map(([name]) => name)
  .sort();

describe('op coverage', () => {
  it('every exported op has at least one gradient check', () => {
    const missing = exportedOps.filter((name) => !(name in NOT_DIFFERENTIABLE) && (GRADCHECK_CASES[name]?.length ?? 0) === 0);
    expect(missing, `ops without a gradcheck: ${missing.join(', ')}`).toEqual([]);
  });

  it('no gradient check names an op that is not exported', () => {
    const unknown = Object.keys(GRADCHECK_CASES).filter((name) => !exportedOps.includes(name));
    expect(unknown).toEqual([]);
  });

  it('lists the checked ops and the number of cases', () => {
    const counts = exportedOps.map((name) => `${name}: ${GRADCHECK_CASES[name]?.length ?? 0}`);
    const total = Object.values(GRADCHECK_CASES).reduce((n, cases) => n + cases.length, 0);
    console.log(`gradcheck coverage: ${exportedOps.length} ops, ${total} cases\n  ${counts.join(', ')}`);
    expect(total).toBeGreaterThanOrEqual(exportedOps.length);
  });
});
