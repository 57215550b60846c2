// Gradient checks of every attention core at tiny size (B 2, T 8, M 4, D 4, 2 heads) in float64,
// through the multi-head layer so that Proxyformer's shared proxies, injections and the
// contrastive loss are included; dropout runs in training mode with its Rng state replayed.
import { describe, expect, it } from 'vitest';
import { Rng, add, gradcheck, mul, sum, type Tensor } from '../../src/index.ts';
import { MultiHeadAttention, resolveAttention, type AttentionConfig } from '../../src/nn/index.ts';
import { lengthMask, randomTensor } from './helpers.ts';

const B = 2;
const T = 8;
const H = 2;
const D = 4;
const C = H * D;

function check(config: AttentionConfig, training: boolean): void {
  const options = resolveAttention(config, { seqLen: T, heads: H, width: C });
  const dropoutRng = new Rng(42);
  const layer = new MultiHeadAttention(options, { heads: H, headDim: D, width: C, seqLen: T, dtype: 'float64' }, { init: new Rng(1), dropout: dropoutRng });
  layer.train(training);
  // Proxies are N(0, 0.02²): scale them up so the check sees non-trivial softmaxes.
  for (const [name, p] of layer.namedParameters()) if (name.includes('proxies')) p.data.forEach((v, i) => (p.data[i] = v * 30));
  const x = randomTensor([B, T, C], 3, { requiresGrad: true });
  const mask = lengthMask(T, [8, 6]);
  const weights = randomTensor([B, T, C], 4); // a fixed projection of the output to a scalar
  const state = dropoutRng.getState();
  const fn = (): Tensor => {
    dropoutRng.setState(state); // the same dropout masks on every evaluation
    const { out, auxLoss } = layer.forward(x, mask);
    const task = sum(mul(out, weights));
    return auxLoss === null ? task : add(task, mul(auxLoss, 10));
  };
  const result = gradcheck(fn, [x, ...layer.parameters()]);
  expect(result.ok).toBe(true);
  const contrastive = config.name === 'proxy' ? (config.proxy?.contrastive ?? 'infonce') : 'none';
  if (contrastive !== 'none') expect(result.ops).toContain(contrastive === 'infonce' ? 'logSoftmax' : 'log'); // the loss is in the checked graph
  if (training) expect(result.ops).toContain('dropout');
}

describe('gradcheck of every attention core (T 8, M 4, D 4, 2 heads)', () => {
  it('softmax with attention dropout (fixed seed)', () => check({ name: 'softmax', attentionDropout: 0.3 }, true));
  it('nystrom, M 4, 6 Newton–Schulz steps', () => check({ name: 'nystrom', landmarks: 4 }, false));
  it('nystrom with the conv skip (5 taps) and masked landmark means', () => check({ name: 'nystrom', landmarks: 4, convKernel: 5, landmarkMean: 'masked' }, false));
  it('linformer, k 4', () => check({ name: 'linformer', linformerK: 4 }, false));
  it('performer, 8 features', () => check({ name: 'performer', performerFeatures: 8 }, false));
  it('proxy defaults: shared, segment-mean, NS 1, infonce, decomposed dropout after the inverse', () => check({ name: 'proxy', landmarks: 4, proxy: { decomposedDropout: { rate: 0.3 } } }, true));
  it('proxy: attention injection, uniformity loss, dropout before the inverse', () =>
    check({ name: 'proxy', landmarks: 4, proxy: { injection: 'attention', contrastive: 'uniformity', decomposedDropout: { rate: 0.3, placement: 'before-inverse' } } }, true));
  it('proxy: no injection (shared K2), exact inverse', () => check({ name: 'proxy', landmarks: 4, proxy: { injection: 'none', inverse: 'exact' } }, true));
  it('proxy: separate per-head proxies, segment-mean, identity inverse, conv skip', () => check({ name: 'proxy', landmarks: 4, convKernel: 3, proxy: { project: 'separate', inverse: 'identity' } }, true));
  it('proxy: separate, attention injection, NS 3, eval mode', () => check({ name: 'proxy', landmarks: 4, proxy: { project: 'separate', injection: 'attention', inverseIterations: 3 } }, false));
});
