import { describe, expect, it } from 'vitest';
import { convexIou, createPaddleOcr, cropGeometry, detInputSize, planDetSlices, sortLines, type InferenceBackend } from '@glossa/core';
import { preferOrientation } from '../../src/ocr/paddle/paddle-ocr.js';

describe('detInputSize', () => {
  it('keeps small images, rounds to multiples of 32, shrinks the long side to the limit', () => {
    expect(detInputSize(513, 750, 960)).toEqual({ width: 512, height: 736 });
    expect(detInputSize(1280, 720, 960)).toEqual({ width: 960, height: 544 });
    expect(detInputSize(10, 5, 960)).toEqual({ width: 32, height: 32 });
  });
});

describe('planDetSlices', () => {
  it('does not slice ordinary images', () => {
    expect(planDetSlices(750, 2000, 960)).toHaveLength(1);
  });
  it('covers a tall page with overlapping windows no longer than the limit', () => {
    const slices = planDetSlices(600, 5000, 960);
    expect(slices.length).toBeGreaterThan(5);
    expect(slices[0]).toMatchObject({ x: 0, y: 0, width: 600, height: 960, cutStart: false, cutEnd: true });
    expect(slices.at(-1)).toMatchObject({ y: 5000 - 960, cutEnd: false });
    for (let i = 1; i < slices.length; i++) expect(slices[i].y).toBeLessThan(slices[i - 1].y + slices[i - 1].height - 200);
  });
  it('slices very wide images along x', () => {
    const slices = planDetSlices(4000, 300, 960);
    expect(slices.every((s) => s.y === 0 && s.height === 300 && s.width === 960)).toBe(true);
  });
});

describe('cropGeometry', () => {
  it('keeps wide boxes and turns tall ones a quarter counter-clockwise', () => {
    const wide = cropGeometry([[0, 0], [100, 0], [100, 20], [0, 20]]);
    expect(wide).toMatchObject({ width: 100, height: 20, quad: [[0, 0], [100, 0], [100, 20], [0, 20]] });
    const tall = cropGeometry([[0, 0], [30, 0], [30, 200], [0, 200]]);
    // Top of the column (first character) ends up on the left.
    expect(tall).toMatchObject({ width: 200, height: 30, quad: [[30, 0], [30, 200], [0, 200], [0, 0]] });
  });
});

describe('sortLines', () => {
  it('orders top to bottom, then left to right within a row', () => {
    const box = (x: number, y: number) => ({ polygon: [[x, y], [x + 50, y], [x + 50, y + 20], [x, y + 20]] as [number, number][] });
    const sorted = sortLines([box(200, 103), box(10, 100), box(10, 200), box(100, 98)]);
    expect(sorted.map((l) => l.polygon[0])).toEqual([[10, 100], [100, 98], [200, 103], [10, 200]]);
  });
});

describe('convexIou', () => {
  it('is 1 for equal boxes, 0 for disjoint ones, 1/3 for half-overlapping squares', () => {
    const a: [number, number][] = [[0, 0], [10, 0], [10, 10], [0, 10]];
    expect(convexIou(a, a)).toBeCloseTo(1);
    expect(convexIou(a, a.map(([x, y]) => [x + 20, y]))).toBe(0);
    expect(convexIou(a, a.map(([x, y]) => [x + 5, y]))).toBeCloseTo(1 / 3);
  });
});

describe('createPaddleOcr options', () => {
  const backend = { Tensor: class {}, createSession: async () => ({}) } as unknown as InferenceBackend;
  const models = { det: 'det.onnx', rec: 'rec.onnx', dictionary: 'a\nb\n' };
  it.each([
    [{ limitSideLen: 10 }, 'limitSideLen'],
    [{ detThreshold: 0 }, 'detThreshold'],
    [{ boxThreshold: 2 }, 'boxThreshold'],
    [{ recBatchSize: 0 }, 'recBatchSize'],
    [{ minScore: Number.NaN }, 'minScore'],
    [{ recPadding: -0.1 }, 'recPadding'],
    [{ mergeLines: 'yes' as unknown as boolean }, 'mergeLines'],
    [{ useAngleClassifier: true }, 'models.cls'],
  ])('rejects %o naming %s', (extra, field) => {
    expect(() => createPaddleOcr({ backend, models, ...extra })).toThrow(expect.objectContaining({ code: 'INVALID_INPUT', details: expect.objectContaining({ field }) }));
  });
  it('rejects a missing backend or model', () => {
    expect(() => createPaddleOcr({ backend: {} as InferenceBackend, models })).toThrow(/backend/);
    expect(() => createPaddleOcr({ backend, models: { ...models, rec: '' } })).toThrow(/models\.rec/);
  });
  it('rejects a non-image before touching the models', async () => {
    const ocr = createPaddleOcr({ backend, models });
    await expect(ocr.recognize({ width: 2, height: 2, data: new Uint8ClampedArray(3) })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await ocr.dispose();
    await ocr.dispose();
  });
});

describe('preferOrientation', () => {
  it("keeps the classifier's turn unless the line as detected reads with a higher score", () => {
    const turned = { text: 'odouomy', score: 0.66 };
    const asDetected = { text: 'fwrionopoli', score: 0.89 };
    expect(preferOrientation(turned, asDetected)).toBe(asDetected);
    const rightTurn = { text: '欢迎光临本店', score: 0.98 };
    expect(preferOrientation(rightTurn, { text: '却平米呈本', score: 0.41 })).toBe(rightTurn);
  });
  it('keeps the turn on a tie and when the line as detected reads as nothing', () => {
    const turned = { text: 'SALE', score: 0.9 };
    expect(preferOrientation(turned, { text: 'ƎꞀⅤS', score: 0.9 })).toBe(turned);
    expect(preferOrientation(turned, { text: ' ', score: 0.99 })).toBe(turned);
  });
});
