// The options of the attention cores, one typed object with the spec's defaults, and the
// validation that turns a partial user config into a complete one (or an error naming the
// option and its allowed values). Which choices are the paper's and which are ours: see
// docs/model.md and ../shared/spec/proxyformer.md; every decided choice is an option here.
import { ConfigError, checkChoice, checkInteger, checkPositive, checkRate } from '../config-error.ts';

export const ATTENTION_NAMES = ['softmax', 'nystrom', 'proxy', 'linformer', 'performer'] as const;
export type AttentionName = (typeof ATTENTION_NAMES)[number];

export interface ProxyOptions {
  /** shared: Q̃ = P′W_q, K̃ = P′W_k through the layer's projections; separate: per-head (H, M, D) proxies. */
  project: 'shared' | 'separate';
  /** segment-mean: P′ = P + masked segment mean of the input; attention: P′ = P + softmax(P Xᵀ/√C)·X; none: P′ = P. */
  injection: 'segment-mean' | 'attention' | 'none';
  /** The middle factor Z ≈ K2⁻¹: newton-schulz (inverseIterations steps), identity, or exact (Gauss–Jordan). */
  inverse: 'newton-schulz' | 'identity' | 'exact';
  /** Newton–Schulz steps (1; Nyströmformer uses 6). */
  inverseIterations: number;
  /** Auxiliary loss on the proxies: infonce (diagonal positives), uniformity, or none. */
  contrastive: 'infonce' | 'uniformity' | 'none';
  /** τ of the contrastive logits cos/τ (0.1). */
  temperature: number;
  /** λ: the auxiliary loss added to the task loss is λ · mean over layers (0.1). */
  contrastiveWeight: number;
  /** Column dropout of the middle factor, training only (rate 0.1, after-inverse). */
  decomposedDropout: { rate: number; placement: 'after-inverse' | 'before-inverse' };
}

export interface AttentionOptions {
  /** Which core: softmax (exact, the oracle), nystrom, proxy, linformer, performer. */
  name: AttentionName;
  /** M: landmarks (nystrom) or proxy tokens (proxy); 128 in the paper. T % M == 0 for segment means. */
  landmarks: number;
  /** Dropout on the softmax attention matrix (softmax core only; 0.1 in the reference LRA configs). */
  attentionDropout: number;
  /** Depthwise conv skip on V: kernel size (0 = off; Nyströmformer's LRA configs use 35). */
  convKernel: number;
  /** Segment means divide by the full segment length (reference) or by the real tokens in it. */
  landmarkMean: 'full' | 'masked';
  /** Newton–Schulz steps of the nystrom core (6, the reference). */
  nystromIterations: number;
  /** Linformer's projected length k (128). */
  linformerK: number;
  /** Performer's number of positive random features (128). */
  performerFeatures: number;
  proxy: ProxyOptions;
}

export type AttentionConfig = Partial<Omit<AttentionOptions, 'proxy'>> & {
  proxy?: Partial<Omit<ProxyOptions, 'decomposedDropout'>> & { decomposedDropout?: Partial<ProxyOptions['decomposedDropout']> };
};

export const DEFAULT_PROXY: ProxyOptions = {
  project: 'shared',
  injection: 'segment-mean',
  inverse: 'newton-schulz',
  inverseIterations: 1,
  contrastive: 'infonce',
  temperature: 0.1,
  contrastiveWeight: 0.1,
  decomposedDropout: { rate: 0.1, placement: 'after-inverse' },
};

export const DEFAULT_ATTENTION: AttentionOptions = {
  name: 'proxy',
  landmarks: 128,
  attentionDropout: 0.1,
  convKernel: 0,
  landmarkMean: 'full',
  nystromIterations: 6,
  linformerK: 128,
  performerFeatures: 128,
  proxy: DEFAULT_PROXY,
};

/** A complete, validated options object for a sequence length T, heads H and width C. */
export function resolveAttention(config: AttentionConfig, dims: { seqLen: number; heads: number; width: number }): AttentionOptions {
  const p = { ...DEFAULT_PROXY, ...config.proxy, decomposedDropout: { ...DEFAULT_PROXY.decomposedDropout, ...config.proxy?.decomposedDropout } };
  const o: AttentionOptions = { ...DEFAULT_ATTENTION, ...config, proxy: p };
  checkChoice('attention.name', o.name, ATTENTION_NAMES);
  checkInteger('attention.landmarks', o.landmarks, 1);
  checkRate('attention.attentionDropout', o.attentionDropout);
  checkInteger('attention.convKernel', o.convKernel, 0);
  if (o.convKernel > 0 && o.convKernel % 2 === 0) throw new ConfigError('attention.convKernel', `must be 0 (off) or odd (same-length output), got ${o.convKernel}`);
  checkChoice('attention.landmarkMean', o.landmarkMean, ['full', 'masked'] as const);
  checkInteger('attention.nystromIterations', o.nystromIterations, 0);
  checkInteger('attention.linformerK', o.linformerK, 1);
  checkInteger('attention.performerFeatures', o.performerFeatures, 1);
  checkChoice('attention.proxy.project', p.project, ['shared', 'separate'] as const);
  checkChoice('attention.proxy.injection', p.injection, ['segment-mean', 'attention', 'none'] as const);
  checkChoice('attention.proxy.inverse', p.inverse, ['newton-schulz', 'identity', 'exact'] as const);
  checkInteger('attention.proxy.inverseIterations', p.inverseIterations, 0);
  checkChoice('attention.proxy.contrastive', p.contrastive, ['infonce', 'uniformity', 'none'] as const);
  checkPositive('attention.proxy.temperature', p.temperature);
  checkPositive('attention.proxy.contrastiveWeight', p.contrastiveWeight, true);
  checkRate('attention.proxy.decomposedDropout.rate', p.decomposedDropout.rate);
  checkChoice('attention.proxy.decomposedDropout.placement', p.decomposedDropout.placement, ['after-inverse', 'before-inverse'] as const);
  const needsSegments = o.name === 'nystrom' || (o.name === 'proxy' && p.injection === 'segment-mean');
  if ((o.name === 'nystrom' || o.name === 'proxy') && o.landmarks > dims.seqLen) {
    throw new ConfigError('attention.landmarks', `M = ${o.landmarks} exceeds the sequence length T = ${dims.seqLen}; allowed: 1..${dims.seqLen}`);
  }
  if (needsSegments && dims.seqLen % o.landmarks !== 0) {
    throw new ConfigError('attention.landmarks', `segment means need T % M == 0, got T = ${dims.seqLen}, M = ${o.landmarks}; allowed M: divisors of ${dims.seqLen} (${divisors(dims.seqLen).join(', ')})`);
  }
  return o;
}

function divisors(n: number): number[] {
  const out: number[] = [];
  for (let d = 1; d <= n && out.length < 16; d++) if (n % d === 0) out.push(d);
  return out;
}
