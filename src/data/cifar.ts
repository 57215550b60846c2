// CIFAR-10 binary batches (the Image task): parsing and the LRA split.
// A batch file is a run of 3073-byte records: 1 label byte (0..9), then 1024 R, 1024 G, 1024 B
// bytes (row-major 32x32). Each record becomes 1024 grayscale tokens (grayscale.ts, TensorFlow's
// conversion). Split: train = first 45 000 of data_batch_1..5, val = their last 5 000, test =
// test_batch. A file that is not a whole number of records names the byte offset of the
// truncated record; a bad label names its byte offset.
// Not here: file access (files.ts) or the pixel offset (batch.ts Encoding.idOffset).
import { DataError } from './errors.ts';
import { grayTf } from './grayscale.ts';
import { SequenceSplit } from './sequence-split.ts';

export const CIFAR_RECORD_BYTES = 3073;
export const CIFAR_PIXELS = 1024;
export const CIFAR_NUM_CLASSES = 10;
export const CIFAR_TRAIN_FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'];
export const CIFAR_TEST_FILE = 'test_batch.bin';

/** Parses one batch file into grayscale images and labels. */
export function parseCifarBatch(bytes: Uint8Array, file: string): SequenceSplit {
  const whole = Math.floor(bytes.length / CIFAR_RECORD_BYTES);
  const rest = bytes.length - whole * CIFAR_RECORD_BYTES;
  if (rest !== 0) {
    throw new DataError(
      `${file}: record ${whole} at byte offset ${whole * CIFAR_RECORD_BYTES} is truncated: ${rest} of ${CIFAR_RECORD_BYTES} bytes ` +
        `(1 label byte + 3072 pixel bytes per record)`,
    );
  }
  if (whole === 0) throw new DataError(`${file}: empty file; expected records of ${CIFAR_RECORD_BYTES} bytes`);
  const images: Uint8Array[] = new Array<Uint8Array>(whole);
  const labels = new Uint8Array(whole);
  for (let k = 0; k < whole; k++) {
    const base = k * CIFAR_RECORD_BYTES;
    const label = bytes[base]!;
    if (label >= CIFAR_NUM_CLASSES) {
      throw new DataError(`${file}: record ${k} at byte offset ${base} has label ${label}; expected 0..${CIFAR_NUM_CLASSES - 1}`);
    }
    labels[k] = label;
    const gray = new Uint8Array(CIFAR_PIXELS);
    const r = base + 1;
    const g = r + CIFAR_PIXELS;
    const b = g + CIFAR_PIXELS;
    for (let p = 0; p < CIFAR_PIXELS; p++) gray[p] = grayTf(bytes[r + p]!, bytes[g + p]!, bytes[b + p]!);
    images[k] = gray;
  }
  return new SequenceSplit(images, labels, new Uint32Array(whole).fill(CIFAR_PIXELS));
}

/** Concatenates splits in order. */
export function concatSplits(parts: readonly SequenceSplit[]): SequenceSplit {
  const tokens = parts.flatMap((p) => p.tokenArrays);
  const labels = new Uint8Array(tokens.length);
  const lengths = new Uint32Array(tokens.length);
  let offset = 0;
  for (const p of parts) {
    labels.set(p.labels, offset);
    lengths.set(p.lengths, offset);
    offset += p.length;
  }
  return new SequenceSplit(tokens, labels, lengths);
}

/**
 * LRA's split of the training batches: the last 5000 records are val, the rest train. For
 * smaller inputs (fixtures) the same 10 % is used: val = the last min(5000, floor(n / 10)).
 */
export function splitCifarTrain(all: SequenceSplit, valSize = 5000): { train: SequenceSplit; val: SequenceSplit } {
  const nVal = Math.min(valSize, Math.floor(all.length / 10));
  const cut = all.length - nVal;
  const range = (a: number, b: number): Int32Array => Int32Array.from({ length: b - a }, (_, i) => a + i);
  return { train: all.select(range(0, cut)), val: all.select(range(cut, all.length)) };
}
