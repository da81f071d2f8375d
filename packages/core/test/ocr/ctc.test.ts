import { describe, expect, it } from 'vitest';
import { ctcGreedyDecode, isGlossaError, parseRecDictionary } from '@glossa/core';

/** One-hot-ish rows: for each step, the class that wins and its probability. */
function probs(steps: [cls: number, p: number][][], classes: number): { data: Float32Array; dims: number[] } {
  const batch = steps.length;
  const t = steps[0].length;
  const data = new Float32Array(batch * t * classes);
  steps.forEach((line, b) =>
    line.forEach(([cls, p], s) => {
      const row = (b * t + s) * classes;
      for (let c = 0; c < classes; c++) data[row + c] = (1 - p) / (classes - 1);
      data[row + cls] = p;
    }),
  );
  return { data, dims: [batch, t, classes] };
}

describe('parseRecDictionary', () => {
  it('puts the blank first and the space last, ignoring the final newline', () => {
    expect(parseRecDictionary('a\nb\nc\n')).toEqual(['', 'a', 'b', 'c', ' ']);
    expect(parseRecDictionary('一\r\n二')).toEqual(['', '一', '二', ' ']);
  });
  it('rejects an empty dictionary', () => {
    expect(() => parseRecDictionary('')).toThrow(/models\.dictionary/);
  });
});

describe('ctcGreedyDecode', () => {
  const classes = parseRecDictionary('a\nb\nc\n'); // blank, a, b, c, space

  it('collapses repeats, drops blanks, keeps a repeat separated by a blank', () => {
    const { data, dims } = probs([[[1, 0.9], [1, 0.8], [0, 0.99], [1, 0.7], [2, 0.6], [2, 0.9], [4, 0.95], [3, 0.5]]], 5);
    const [line] = ctcGreedyDecode(data, dims, classes);
    expect(line.text).toBe('aab c');
    // Kept steps: a 0.9, a 0.7, b 0.6, space 0.95, c 0.5 (first of each run).
    expect(line.score).toBeCloseTo((0.9 + 0.7 + 0.6 + 0.95 + 0.5) / 5, 5);
  });

  it('decodes each item of a batch and scores an all-blank line 0', () => {
    const { data, dims } = probs(
      [
        [[0, 0.9], [0, 0.9], [0, 0.9]],
        [[3, 0.8], [0, 0.9], [2, 0.6]],
      ],
      5,
    );
    const lines = ctcGreedyDecode(data, dims, classes);
    expect(lines).toEqual([
      { text: '', score: 0 },
      { text: 'cb', score: expect.closeTo(0.7, 5) },
    ]);
  });

  it('refuses a dictionary that does not match the model', () => {
    const { data, dims } = probs([[[1, 0.9]]], 6);
    try {
      ctcGreedyDecode(data, dims, classes);
      expect.unreachable();
    } catch (error) {
      expect(isGlossaError(error) && error.code).toBe('MODEL_INVALID');
    }
  });
});
