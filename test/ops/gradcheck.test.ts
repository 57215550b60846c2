// Every op's backward agrees with central finite differences (torch.autograd.gradcheck semantics).
import { describe, expect, it } from 'vitest';
import { gradcheck } from '../../src/index.ts';
import { GRADCHECK_CASES } from './gradcheck-cases.ts';

for (const [op, cases] of Object.entries(GRADCHECK_CASES)) {
  describe(`gradcheck ${op}`, () => {
    for (const c of cases) {
      it(`${op}: ${c.name}`, () => {
        const result = gradcheck(c.fn, c.inputs(), { fastMode: c.fastMode });
        expect(result.ok).toBe(true);
        expect(result.ops).toContain(op);
        expect(result.compared).toBeGreaterThan(0);
      });
    }
  });
}
