// CTC greedy decoding for PaddleOCR recognition models (`CTCLabelDecode`).
import { GlossaError } from '../../errors.js';

/**
 * One decoded line.
 *
 * @example
 * ```ts
 * const line: DecodedText = { text: '限时特惠', score: 0.97 };
 * ```
 */
export interface DecodedText {
  /** The characters kept after collapsing repeats and dropping blanks. */
  text: string;
  /** Mean of the kept characters' probabilities; 0 when nothing was kept. */
  score: number;
}

/**
 * The class list of a PaddleOCR recognition model from its keys file: index 0
 * is the CTC blank, then one entry per line of the file, then a space (the
 * models are trained with `use_space_char: true`).
 *
 * @param keys - the dictionary file's text (`ppocr_keys_v1.txt`, `korean_dict.txt`...)
 * @throws GlossaError `INVALID_INPUT` when the text holds no characters
 * @example
 * ```ts
 * const classes = parseRecDictionary(await readFile('ppocr_keys_v1.txt', 'utf8'));
 * classes.length; // 6625 for ppocr_keys_v1.txt
 * ```
 */
export function parseRecDictionary(keys: string): string[] {
  const lines = keys.split(/\r?\n/);
  // A trailing newline ends the last entry; it does not add an empty one.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) {
    throw new GlossaError('INVALID_INPUT', 'Expected the recognition dictionary text (one character per line) for models.dictionary but it is empty', {
      details: { field: 'models.dictionary' },
    });
  }
  return ['', ...lines, ' '];
}

/**
 * Greedy CTC decoding of a `[batch, steps, classes]` probability tensor: the
 * most likely class per step, repeats collapsed, blanks (class 0) dropped;
 * the score is the mean probability of the kept steps.
 *
 * @param probs - softmax output, row-major `[batch, steps, classes]`
 * @param dims - `[batch, steps, classes]`
 * @param classes - class names from {@link parseRecDictionary}; `classes.length` must equal `dims[2]`
 * @throws GlossaError `MODEL_INVALID` when the model's class count does not match the dictionary
 * @example
 * ```ts
 * const [line] = ctcGreedyDecode(output.data as Float32Array, output.dims, classes);
 * console.log(line.text, line.score);
 * ```
 */
export function ctcGreedyDecode(probs: Float32Array, dims: readonly number[], classes: readonly string[]): DecodedText[] {
  const [batch, steps, count] = dims;
  if (count !== classes.length) {
    throw new GlossaError(
      'MODEL_INVALID',
      `The recognition model predicts ${count} classes but the dictionary gives ${classes.length} (blank + ${classes.length - 2} characters + space); pass the dictionary that belongs to the model`,
      { details: { field: 'models.dictionary' } },
    );
  }
  const out: DecodedText[] = [];
  for (let b = 0; b < batch; b++) {
    let text = '';
    let sum = 0;
    let kept = 0;
    let previous = -1;
    for (let t = 0; t < steps; t++) {
      const row = (b * steps + t) * count;
      let best = 0;
      let bestP = probs[row];
      for (let c = 1; c < count; c++) {
        const p = probs[row + c];
        if (p > bestP) {
          bestP = p;
          best = c;
        }
      }
      if (best !== 0 && best !== previous) {
        text += classes[best];
        sum += bestP;
        kept++;
      }
      previous = best;
    }
    out.push({ text, score: kept === 0 ? 0 : sum / kept });
  }
  return out;
}
