// Attention cores against oracles, in float64: Nyström with M = T is exact attention; the proxy
// core's output equals the dense product K1·Z·diag(b)·(K3·V); the Newton–Schulz inverse
// converges where it should and reproduces the reference's non-convergence where it does not.
import { describe, expect, it } from 'vitest';
import { Rng, Tensor, inverse, matmul, softmax, eye } from '../../src/index.ts';
import { LinformerAttention, NystromAttention, PerformerAttention, ProxyAttention, SoftmaxAttention, exactAttention, newtonSchulzInverse, resolveAttention, type AttentionConfig } from '../../src/nn/index.ts';
import { attentionRelativeError } from '../../src/models/analysis.ts';
import { block, identityM, lengthMask, matMul, maxAbsDiff, randomTensor, referenceNewtonSchulz, relativeDiff, softmaxRowsM, transposeM, type Matrix } from './helpers.ts';

const B = 2;
const H = 2;
const T = 8;
const D = 4;
const dims = { heads: H, headDim: D, width: H * D, seqLen: T, dtype: 'float64' as const };
const rngs = (seed = 1) => ({ init: new Rng(seed), dropout: new Rng(seed + 100) });
const options = (config: AttentionConfig) => resolveAttention(config, { seqLen: T, heads: H, width: H * D });
const qkv = () => [randomTensor([B, H, T, D], 1), randomTensor([B, H, T, D], 2), randomTensor([B, H, T, D], 3)] as const;

/** Rows of (B, H, T, D) where the query is a real token. */
function realRows(t: Tensor, mask: Tensor): number[] {
  const out: number[] = [];
  for (let b = 0; b < B; b++) for (let h = 0; h < H; h++) for (let r = 0; r < T; r++) if (mask.data[b * T + r]) for (let j = 0; j < D; j++) out.push(t.data[((b * H + h) * T + r) * D + j]!);
  return out;
}

describe('nystrom', () => {
  it('nystrom with M = T equals softmax attention (<= 1e-6 relative)', () => {
    const [q, k, v] = qkv();
    for (const mask of [lengthMask(T, [T, T]), lengthMask(T, [5, 8])]) {
      const nystrom = new NystromAttention(options({ name: 'nystrom', landmarks: T }), dims, rngs()).forward({ q, k, v, mask }).out;
      const exact = new SoftmaxAttention(0, dims, rngs()).forward({ q, k, v, mask }).out;
      expect(relativeDiff(realRows(nystrom, mask), realRows(exact, mask))).toBeLessThanOrEqual(1e-6);
    }
  });

  it('nystrom with M < T matches the reference formula on dense matrices', () => {
    const [q, k, v] = qkv();
    const mask = lengthMask(T, [8, 6]);
    const m = 4;
    const out = new NystromAttention(options({ name: 'nystrom', landmarks: m }), dims, rngs()).forward({ q, k, v, mask }).out;
    const s = D ** -0.25;
    const k2s: Matrix[] = [];
    const parts: { k1: Matrix; k3v: Matrix }[] = [];
    for (let b = 0; b < B; b++) {
      for (let h = 0; h < H; h++) {
        const rowsMask = (x: Matrix) => x.map((row, r) => row.map((val) => val * mask.data[b * T + r]! * s));
        const Q = rowsMask(block(q, b, h));
        const K = rowsMask(block(k, b, h));
        const seg = (x: Matrix) => Array.from({ length: m }, (_, i) => x[0]!.map((_, j) => (x[2 * i]![j]! + x[2 * i + 1]![j]!) / 2));
        const qL = seg(Q);
        const kL = seg(K);
        const bias = (x: Matrix) => x.map((row) => row.map((val, c) => val - 1e9 * (1 - mask.data[b * T + c]!)));
        k2s.push(softmaxRowsM(matMul(qL, transposeM(kL))));
        parts.push({ k1: softmaxRowsM(matMul(Q, transposeM(kL))), k3v: matMul(softmaxRowsM(bias(matMul(qL, transposeM(K)))), block(v, b, h)) });
      }
    }
    const zs = referenceNewtonSchulz(k2s, 6);
    const expected = parts.flatMap((p, i) => matMul(matMul(p.k1, zs[i]!), p.k3v).flat());
    expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-10);
  });
});

describe('Newton–Schulz inverse (the reference iteration)', () => {
  it('converges to the exact inverse of a diagonally dominant matrix', () => {
    const noise = randomTensor([2, 6, 6], 5, { scale: 0.3 });
    const k2 = softmax(new Tensor(noise.data.map((x, i) => x + (Math.floor(i / 6) % 6 === i % 6 ? 4 : 0)), [2, 6, 6]));
    const z = newtonSchulzInverse(k2, 6);
    expect(maxAbsDiff(z.data, inverse(k2).data)).toBeLessThan(1e-8);
    expect(maxAbsDiff(matmul(k2, z).data, new Float64Array(72).map((_, i) => (Math.floor(i / 6) % 6 === i % 6 ? 1 : 0)))).toBeLessThan(1e-8);
  });

  it('does not converge in 6 steps on an ill-conditioned matrix, exactly like the reference', () => {
    // Nearly uniform rows: K2 is close to rank one (condition number ~1e5).
    const k2 = softmax(randomTensor([1, 6, 6], 6, { scale: 0.05 }));
    const z = newtonSchulzInverse(k2, 6);
    const reference = referenceNewtonSchulz([block(new Tensor(k2.data, [1, 1, 6, 6]), 0, 0)], 6)[0]!;
    expect(maxAbsDiff(z.data, reference.flat())).toBeLessThan(1e-9);
    const residual = maxAbsDiff(matmul(k2, z).data, eye(6, { dtype: 'float64' }).data);
    expect(residual).toBeGreaterThan(0.1); // far from K2·Z = I
    expect(maxAbsDiff(z.data, inverse(k2).data)).toBeGreaterThan(1); // and far from the inverse
    expect(z.data.every(Number.isFinite)).toBe(true);
  });
});

describe('proxy', () => {
  it("proxy's output equals K1·Z·diag(b)·(K3·V) formed with dense float64 matrices", () => {
    const [q, k, v] = qkv();
    const mask = lengthMask(T, [8, 5]);
    const m = 4;
    const p = 0.5;
    for (const placement of ['after-inverse', 'before-inverse'] as const) {
      const opts = options({ name: 'proxy', landmarks: m, proxy: { project: 'separate', injection: 'none', inverseIterations: 2, contrastive: 'none', decomposedDropout: { rate: p, placement } } });
      const r = rngs(7);
      const core = new ProxyAttention(opts, dims, r);
      // Replay the dropout draw: one seed from the shared Rng, then one uniform per (b, h, m).
      const replay = new Rng(0);
      replay.setState(r.dropout.getState());
      const maskRng = new Rng(replay.nextUint32());
      const keep = Array.from({ length: B * H * m }, () => (maskRng.random() >= p ? 1 / (1 - p) : 0));
      const out = core.forward({ q, k, v, mask }).out;
      const [pq, pk] = core.proxies as [Tensor, Tensor];
      const s = D ** -0.25;
      const k2s: Matrix[] = [];
      const parts: { k1: Matrix; k3v: Matrix }[] = [];
      for (let b = 0; b < B; b++) {
        for (let h = 0; h < H; h++) {
          const scaled = (x: Matrix) => x.map((row, r2) => row.map((val) => val * mask.data[b * T + r2]! * s));
          const Q = scaled(block(q, b, h));
          const K = scaled(block(k, b, h));
          const qL = block(pq, 0, h);
          const kL = block(pk, 0, h);
          const bias = (x: Matrix) => x.map((row) => row.map((val, c) => val - 1e9 * (1 - mask.data[b * T + c]!)));
          const diagB = identityM(m).map((row, i) => row.map((val) => val * keep[(b * H + h) * m + i]!));
          const k2 = softmaxRowsM(matMul(qL, transposeM(kL)));
          k2s.push(placement === 'before-inverse' ? matMul(k2, diagB) : k2);
          const k3v = matMul(softmaxRowsM(bias(matMul(qL, transposeM(K)))), block(v, b, h));
          parts.push({ k1: softmaxRowsM(matMul(Q, transposeM(kL))), k3v: placement === 'after-inverse' ? matMul(diagB, k3v) : k3v });
        }
      }
      const zs = referenceNewtonSchulz(k2s, 2);
      // Dense, in the order K1 · Z · diag(b) · (K3 · V) (diag(b) folded into k3v above or into K2).
      const expected = parts.flatMap((part, i) => matMul(matMul(part.k1, zs[i]!), part.k3v).flat());
      expect(maxAbsDiff(out.data, expected)).toBeLessThan(1e-10);
    }
  });

  it('inverse identity and exact give K1·(K3·V) and K1·K2⁻¹·(K3·V)', () => {
    const [q, k, v] = qkv();
    const mask = lengthMask(T, [8, 8]);
    const base = { name: 'proxy' as const, landmarks: 4, proxy: { project: 'separate' as const, injection: 'none' as const, contrastive: 'none' as const } };
    const ident = new ProxyAttention(options({ ...base, proxy: { ...base.proxy, inverse: 'identity' } }), dims, rngs(3)).eval();
    const exact = new ProxyAttention(options({ ...base, proxy: { ...base.proxy, inverse: 'exact' } }), dims, rngs(3)).eval();
    const ns = new ProxyAttention(options({ ...base, proxy: { ...base.proxy, inverseIterations: 30 } }), dims, rngs(3)).eval();
    const [pq, pk] = ident.proxies as [Tensor, Tensor];
    const s = D ** -0.25;
    const qs = new Tensor(q.data.map((x) => x * s), q.shape);
    const ks = new Tensor(k.data.map((x) => x * s), k.shape);
    const k1 = softmax(matmul(qs, pk, { transB: true }));
    const k3v = matmul(softmax(matmul(pq, ks, { transB: true })), v);
    expect(maxAbsDiff(ident.forward({ q, k, v, mask }).out.data, matmul(k1, k3v).data)).toBeLessThan(1e-12);
    const k2inv = inverse(softmax(matmul(pq, pk, { transB: true })));
    const withInverse = matmul(k1, matmul(k2inv, k3v)).data;
    expect(maxAbsDiff(exact.forward({ q, k, v, mask }).out.data, withInverse)).toBeLessThan(1e-10);
    // K2 of random small proxies is near-uniform (ill-conditioned): many NS steps still approach the inverse direction.
    expect(ns.forward({ q, k, v, mask }).out.data.every(Number.isFinite)).toBe(true);
  });
});

describe('linformer and performer', () => {
  it('linformer with E = I (k = T) equals softmax attention on unpadded input', () => {
    const [q, k, v] = qkv();
    const mask = lengthMask(T, [T, T]);
    const core = new LinformerAttention(T, dims, rngs());
    core.projection.data.fill(0);
    for (let h = 0; h < H; h++) for (let i = 0; i < T; i++) core.projection.data[(h * T + i) * T + i] = 1;
    expect(maxAbsDiff(core.forward({ q, k, v, mask }).out.data, exactAttention(q, k, v, mask).data)).toBeLessThan(1e-12);
  });

  it('performer approaches softmax attention as the number of features grows', () => {
    const q = randomTensor([1, 2, 16, 4], 11, { scale: 0.5 });
    const k = randomTensor([1, 2, 16, 4], 12, { scale: 0.5 });
    const v = randomTensor([1, 2, 16, 4], 13);
    const mask = lengthMask(16, [12]);
    const error = (features: number) => attentionRelativeError(new PerformerAttention(features, { ...dims, seqLen: 16 }, rngs(5)), { q, k, v, mask });
    const few = error(8);
    const many = error(4096);
    expect(many).toBeLessThan(0.05);
    expect(many).toBeLessThan(few);
  });

  it('performer features are a fixed buffer, not a parameter, and depend only on the seed', () => {
    const a = new PerformerAttention(8, dims, rngs(9));
    const b = new PerformerAttention(8, dims, rngs(9));
    expect(a.parameters()).toEqual([]);
    expect(Object.keys(a.stateDict())).toEqual(['omega']);
    expect(maxAbsDiff(a.omega.data, b.omega.data)).toBe(0);
  });
});

