// The benchmark peer for bench/attention.ts: softmax and Nyström attention layers written with
// @tensorflow/tfjs-core on @tensorflow/tfjs-backend-wasm 4.22 (XNNPACK, one thread), the same
// layer as ours (W_q, W_k, W_v, core, W_o; no padding). Nyström follows the reference code:
// D^-¼ scaling, segment-mean landmarks, three softmax kernels, 6 Newton–Schulz steps from the
// global-max init, out = (K1·Z)·(K3·V). forward+backward uses tf.grads over x and the weights.
// tfjs is loaded, and its missing gradients registered, by bench/_tfjs.ts.
import { loadTfjsWasm } from './_tfjs.ts';

type T3 = import('@tensorflow/tfjs-core').Tensor;

export interface TfjsPeer {
  measure(core: 'softmax' | 'nystrom', t: number, timeMs: (fn: () => void, t: number) => number): { forwardMs: number; forwardBackwardMs: number };
}

export async function tfjsAttention(size: { C: number; H: number; D: number; M: number }): Promise<TfjsPeer | null> {
  const tf = await loadTfjsWasm();
  if (tf === null) return null;
  const { C, H, D, M } = size;
  const weights = [0, 1, 2, 3].map((i) => tf.randomNormal([C, C], 0, 0.1, 'float32', i));

  const newtonSchulz = (k2: T3): T3 => {
    const eye = tf.eye(M);
    let z = tf.div(tf.transpose(k2, [0, 2, 1]), tf.max(tf.sum(k2, 1)));
    for (let n = 0; n < 6; n++) {
      const kz = tf.matMul(k2, z);
      const inner = tf.matMul(kz, tf.sub(tf.mul(eye, 15), tf.matMul(kz, tf.sub(tf.mul(eye, 7), kz))));
      z = tf.matMul(tf.mul(z, 0.25), tf.sub(tf.mul(eye, 13), inner));
    }
    return z;
  };

  const layer = (core: 'softmax' | 'nystrom', t: number, x: T3, wq: T3, wk: T3, wv: T3, wo: T3): T3 => {
    const heads = (w: T3): T3 => tf.transpose(tf.reshape(tf.matMul(x as import('@tensorflow/tfjs-core').Tensor2D, w as import('@tensorflow/tfjs-core').Tensor2D), [t, H, D]), [1, 0, 2]); // (H, T, D)
    const q = heads(wq);
    const k = heads(wk);
    const v = heads(wv);
    let o: T3;
    if (core === 'softmax') {
      o = tf.matMul(tf.softmax(tf.mul(tf.matMul(q, k, false, true), 1 / Math.sqrt(D))), v);
    } else {
      const qs = tf.mul(q, D ** -0.25);
      const ks = tf.mul(k, D ** -0.25);
      const qL = tf.mean(tf.reshape(qs, [H, M, t / M, D]), 2);
      const kL = tf.mean(tf.reshape(ks, [H, M, t / M, D]), 2);
      const k1 = tf.softmax(tf.matMul(qs, kL, false, true));
      const k2 = tf.softmax(tf.matMul(qL, kL, false, true));
      const k3 = tf.softmax(tf.matMul(qL, ks, false, true));
      o = tf.matMul(tf.matMul(k1, newtonSchulz(k2)), tf.matMul(k3, v));
    }
    return tf.matMul(tf.reshape(tf.transpose(o, [1, 0, 2]), [t, C]) as import('@tensorflow/tfjs-core').Tensor2D, wo as import('@tensorflow/tfjs-core').Tensor2D);
  };

  return {
    measure(core, t, timeMs) {
      const x = tf.randomNormal([t, C], 0, 1, 'float32', 5);
      const r = tf.randomNormal([t, C], 0, 1, 'float32', 6);
      const [wq, wk, wv, wo] = weights as [T3, T3, T3, T3];
      const forwardMs = timeMs(() => tf.tidy(() => void layer(core, t, x, wq, wk, wv, wo).dataSync()), t);
      const grads = tf.grads((...inputs: T3[]) => tf.sum(tf.mul(layer(core, t, ...(inputs as [T3, T3, T3, T3, T3])), r)));
      const forwardBackwardMs = timeMs(() => tf.tidy(() => grads([x, wq, wk, wv, wo]).forEach((g) => g.dataSync())), t);
      x.dispose();
      r.dispose();
      return { forwardMs, forwardBackwardMs };
    },
  };
}

/** Gradients of the kernels this layer uses, registered into the CommonJS tfjs-core instance. */
