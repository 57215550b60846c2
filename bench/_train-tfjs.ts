// The peer of bench/train.ts: one training step of the same Nyström encoder stack written with
// @tensorflow/tfjs-core on @tensorflow/tfjs-backend-wasm 4.22 (one thread): position embedding
// added to the given token embeddings, 2 pre-LN blocks (LayerNorm, W_q/W_k/W_v, Nyström attention
// with the reference semantics — D^-¼ scaling, segment-mean landmarks, three softmax kernels,
// 6 Newton–Schulz steps from the global-max init — W_o, residual; LayerNorm, FFN with tanh-GELU,
// residual), final LayerNorm, mean pooling, Linear-ReLU-Linear classifier, softmax cross-entropy,
// gradients of every weight with tf.variableGrads, and an Adam update in tf ops.
// Differences from ours, both in the peer's favour: the token-embedding lookup is outside the
// step (its input is the looked-up embeddings), and there is no dropout.
// tfjs is loaded, and its missing gradients registered, by bench/_tfjs.ts.
import { loadTfjsWasm } from './_tfjs.ts';

type T = import('@tensorflow/tfjs-core').Tensor;
type V = import('@tensorflow/tfjs-core').Variable;

export interface StackSize {
  B: number;
  T: number;
  C: number;
  H: number;
  M: number;
  F: number;
  layers: number;
  classes: number;
}

export interface TfjsTrainPeer {
  /**
   * Runs one training step of batch size `b` as micro-batches of `micro` sequences (gradient
   * accumulation; wasm32's 4 GB heap cannot hold the tape of 32 sequences of 2048 tokens):
   * its time in ms and the loss before the update.
   */
  step(b: number, micro?: number): { ms: number; loss: number };
}

export async function tfjsNystromTrainer(s: StackSize): Promise<TfjsTrainPeer | null> {
  const tf = await loadTfjsWasm();
  if (tf === null) return null;
  const { T: t, C, H, M, F, layers, classes } = s;
  const D = C / H;
  let seed = 100;
  const w = (shape: number[], std = 0.02): V => tf.variable(tf.randomNormal(shape, 0, std, 'float32', seed++));
  const z = (shape: number[]): V => tf.variable(tf.zeros(shape));
  const o = (shape: number[]): V => tf.variable(tf.ones(shape));
  const pos = w([t, C]);
  const blocks = Array.from({ length: layers }, () => ({
    ln1g: o([C]), ln1b: z([C]), wq: w([C, C]), bq: z([C]), wk: w([C, C]), bk: z([C]), wv: w([C, C]), bv: z([C]), wo: w([C, C]), bo: z([C]),
    ln2g: o([C]), ln2b: z([C]), w1: w([C, F]), b1: z([F]), w2: w([F, C]), b2: z([C]),
  }));
  const head = { lng: o([C]), lnb: z([C]), w1: w([C, F]), b1: z([F]), w2: w([F, classes]), b2: z([classes]) };
  const vars: V[] = [pos, ...blocks.flatMap((b) => Object.values(b)), ...Object.values(head)];
  const moments: { m: T; v: T }[] = vars.map((v) => ({ m: tf.zerosLike(v), v: tf.zerosLike(v) }));
  let stepCount = 0;

  const layerNorm = (x: T, g: T, b: T): T => {
    const mu = tf.mean(x, -1, true);
    const d = tf.sub(x, mu);
    return tf.add(tf.mul(tf.mul(d, tf.rsqrt(tf.add(tf.mean(tf.mul(d, d), -1, true), 1e-5))), g), b);
  };
  const linear = (x: T, wt: T, b: T): T => tf.add(tf.matMul(x as import('@tensorflow/tfjs-core').Tensor2D, wt as import('@tensorflow/tfjs-core').Tensor2D), b);
  const gelu = (x: T): T => tf.mul(tf.mul(x, 0.5), tf.add(tf.tanh(tf.mul(tf.add(x, tf.mul(tf.mul(tf.mul(x, x), x), 0.044715)), Math.sqrt(2 / Math.PI))), 1));
  const eye = tf.eye(M);
  const newtonSchulz = (k2: T): T => {
    let zz = tf.div(tf.transpose(k2, [0, 2, 1]), tf.max(tf.sum(k2, 1)));
    for (let n = 0; n < 6; n++) {
      const kz = tf.matMul(k2, zz);
      zz = tf.matMul(tf.mul(zz, 0.25), tf.sub(tf.mul(eye, 13), tf.matMul(kz, tf.sub(tf.mul(eye, 15), tf.matMul(kz, tf.sub(tf.mul(eye, 7), kz))))));
    }
    return zz;
  };
  const attention = (h: T, b: number, p: (typeof blocks)[number]): T => {
    const split = (x: T): T => tf.reshape(tf.transpose(tf.reshape(x, [b, t, H, D]), [0, 2, 1, 3]), [b * H, t, D]); // (B·H, T, D)
    const q = tf.mul(split(linear(h, p.wq, p.bq)), D ** -0.25);
    const k = tf.mul(split(linear(h, p.wk, p.bk)), D ** -0.25);
    const v = split(linear(h, p.wv, p.bv));
    const qL = tf.mean(tf.reshape(q, [b * H, M, t / M, D]), 2);
    const kL = tf.mean(tf.reshape(k, [b * H, M, t / M, D]), 2);
    const k1 = tf.softmax(tf.matMul(q, kL, false, true));
    const k2 = tf.softmax(tf.matMul(qL, kL, false, true));
    const k3 = tf.softmax(tf.matMul(qL, k, false, true));
    const out = tf.matMul(tf.matMul(k1, newtonSchulz(k2)), tf.matMul(k3, v)); // (B·H, T, D)
    return linear(tf.reshape(tf.transpose(tf.reshape(out, [b, H, t, D]), [0, 2, 1, 3]), [b * t, C]), p.wo, p.bo);
  };
  const loss = (x0: T, onehot: T, b: number): T => {
    let x = tf.reshape(tf.add(x0, pos), [b * t, C]); // (B·T, C)
    for (const p of blocks) {
      x = tf.add(x, attention(layerNorm(x, p.ln1g, p.ln1b), b, p));
      x = tf.add(x, linear(gelu(linear(layerNorm(x, p.ln2g, p.ln2b), p.w1, p.b1)), p.w2, p.b2));
    }
    const pooled = tf.mean(tf.reshape(layerNorm(x, head.lng, head.lnb), [b, t, C]), 1); // (B, C)
    const logits = linear(tf.relu(linear(pooled, head.w1, head.b1)), head.w2, head.b2);
    const shifted = tf.sub(logits, tf.max(logits, -1, true));
    const logp = tf.sub(shifted, tf.log(tf.sum(tf.exp(shifted), -1, true)));
    return tf.neg(tf.mean(tf.sum(tf.mul(logp, onehot), -1)));
  };

  return {
    step(b, micro = b) {
      const onehot = (n: number): T => tf.tidy(() => tf.cast(tf.oneHot(tf.tensor1d(Array.from({ length: n }, (_, i) => i % classes), 'int32'), classes), 'float32'));
      const started = performance.now();
      // Gradients of the batch's mean loss, summed over micro-batches of `micro` sequences.
      let sums: T[] | null = null;
      let lossValue = 0;
      for (let start = 0; start < b; start += micro) {
        const n = Math.min(micro, b - start);
        const x0 = tf.randomNormal([n, t, C], 0, 1, 'float32', 7 + start);
        const y = onehot(n);
        const { value, grads } = tf.variableGrads(() => tf.mul(loss(x0, y, n), n / b) as import('@tensorflow/tfjs-core').Scalar, vars);
        lossValue += value.dataSync()[0]!;
        const g = vars.map((variable) => grads[variable.name]!);
        const previous: T[] | null = sums;
        sums = previous === null ? g : g.map((gi, i) => tf.tidy(() => tf.add(gi, previous[i]!)));
        if (previous !== null) tf.dispose([...previous, ...g]);
        tf.dispose([x0, y, value]);
      }
      stepCount += 1;
      const lr = 1e-4;
      tf.tidy(() => {
        vars.forEach((variable, i) => {
          const g = sums![i]!;
          const m = tf.add(tf.mul(moments[i]!.m, 0.9), tf.mul(g, 0.1));
          const v = tf.add(tf.mul(moments[i]!.v, 0.999), tf.mul(tf.mul(g, g), 0.001));
          const update = tf.div(tf.mul(m, lr / (1 - 0.9 ** stepCount)), tf.add(tf.sqrt(tf.div(v, 1 - 0.999 ** stepCount)), 1e-6));
          variable.assign(tf.sub(variable, update));
          tf.dispose([moments[i]!.m, moments[i]!.v]);
          moments[i] = { m: tf.keep(m), v: tf.keep(v) };
        });
      });
      vars[vars.length - 1]!.dataSync(); // the update has run
      tf.dispose(sums ?? []);
      return { ms: performance.now() - started, loss: lossValue };
    },
  };
}

/** Gradients of the kernels of this stack, registered into the CommonJS tfjs-core instance. */
