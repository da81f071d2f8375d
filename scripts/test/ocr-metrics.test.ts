import { describe, expect, it } from 'vitest';
import {
  addCounts,
  editDistance,
  emptyCounts,
  evaluateImage,
  intersectPolygons,
  matchDetections,
  normalizeText,
  parseGroundTruth,
  polygonIoU,
  summarize,
  area,
} from '../lib/ocr-metrics.mjs';

type P = [number, number][];
const rect = (x: number, y: number, w: number, h: number): P => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

describe('parseGroundTruth', () => {
  it('splits on the first 8 commas, strips a BOM and marks ### as ignored', () => {
    const gt = parseGroundTruth('\uFEFF1,2,3,4,5,6,7,8,Hello, world\r\n0,0,10,0,10,10,0,10,###\n\n');
    expect(gt).toEqual([
      { polygon: [[1, 2], [3, 4], [5, 6], [7, 8]], text: 'Hello, world', ignore: false },
      { polygon: [[0, 0], [10, 0], [10, 10], [0, 10]], text: '###', ignore: true },
    ]);
  });

  it('reads a file holding only a newline as no text', () => {
    expect(parseGroundTruth('\n')).toEqual([]);
  });

  it('rejects malformed lines', () => {
    expect(() => parseGroundTruth('1,2,3,text')).toThrow(/line 1/);
    expect(() => parseGroundTruth('a,2,3,4,5,6,7,8,text')).toThrow(/not a number/);
  });
});

describe('polygon IoU', () => {
  it('is 1 for identical boxes and 0 for disjoint ones', () => {
    expect(polygonIoU(rect(0, 0, 10, 10), rect(0, 0, 10, 10))).toBeCloseTo(1, 10);
    expect(polygonIoU(rect(0, 0, 10, 10), rect(20, 0, 10, 10))).toBe(0);
  });

  it('handles partial overlap and either point order', () => {
    // 10x10 squares offset by 5: intersection 50, union 150.
    expect(polygonIoU(rect(0, 0, 10, 10), rect(5, 0, 10, 10))).toBeCloseTo(1 / 3, 10);
    const reversed = [...rect(5, 0, 10, 10)].reverse() as P;
    expect(polygonIoU(rect(0, 0, 10, 10), reversed)).toBeCloseTo(1 / 3, 10);
  });

  it('clips rotated quadrilaterals exactly', () => {
    // A diamond inscribed in a 10x10 square covers half of it.
    const diamond: P = [[5, 0], [10, 5], [5, 10], [0, 5]];
    expect(area(intersectPolygons(rect(0, 0, 10, 10), diamond))).toBeCloseTo(50, 10);
    expect(polygonIoU(rect(0, 0, 10, 10), diamond)).toBeCloseTo(0.5, 10);
    // Contained box: IoU is the area ratio.
    expect(polygonIoU(rect(0, 0, 10, 10), rect(2, 2, 5, 5))).toBeCloseTo(0.25, 10);
  });
});

describe('text normalisation and edit distance', () => {
  it('applies NFKC, removes whitespace and lowercases Latin only', () => {
    expect(normalizeText('ＡＢＣ １２３')).toBe('abc123');
    expect(normalizeText(' Hello  World\t')).toBe('helloworld');
    expect(normalizeText('限时 特惠 ΣΑΣ')).toBe('限时特惠ΣΑΣ');
  });

  it('counts insertions, deletions and substitutions in code points', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('限时特惠', '限时特价')).toBe(1);
    expect(editDistance('𠀀a', 'a')).toBe(1);
  });
});

describe('matchDetections', () => {
  it('matches one to one, best IoU first', () => {
    const truth = [
      { polygon: rect(0, 0, 100, 20), text: 'a', ignore: false },
      { polygon: rect(0, 30, 100, 20), text: 'b', ignore: false },
    ];
    // Prediction 0 overlaps GT 0 well; prediction 1 is a duplicate of GT 0 (worse); nothing covers GT 1.
    const preds = [
      { polygon: rect(0, 0, 100, 20), text: 'a' },
      { polygon: rect(0, 2, 100, 20), text: 'a' },
    ];
    const result = matchDetections(preds, truth);
    expect(result.matches).toEqual([{ pred: 0, gt: 0, iou: 1 }]);
    expect(result).toMatchObject({ truePositives: 1, falsePositives: 1, falseNegatives: 1, unmatchedTruth: [1], unmatchedPredictions: [1] });
  });

  it('does not match below the IoU threshold', () => {
    const truth = [{ polygon: rect(0, 0, 100, 20), text: 'a', ignore: false }];
    expect(matchDetections([{ polygon: rect(60, 0, 100, 20), text: 'a' }], truth).truePositives).toBe(0);
  });

  it('neither counts ignored regions as misses nor predictions on them as false positives', () => {
    const truth = [
      { polygon: rect(0, 0, 100, 20), text: 'a', ignore: false },
      { polygon: rect(0, 100, 100, 20), text: '###', ignore: true },
    ];
    const preds = [
      { polygon: rect(0, 0, 100, 20), text: 'a' },
      { polygon: rect(5, 100, 90, 20), text: 'junk' },
    ];
    const result = matchDetections(preds, truth);
    expect(result).toMatchObject({ truePositives: 1, falsePositives: 0, falseNegatives: 0, predictions: 1, groundTruth: 1, ignoredPredictions: [1] });
  });
});

describe('evaluateImage and summarize', () => {
  it('computes CER over matched lines and end-to-end hits on normalised text', () => {
    const truth = [
      { polygon: rect(0, 0, 100, 20), text: 'Hello World', ignore: false },
      { polygon: rect(0, 30, 100, 20), text: '限时特惠', ignore: false },
      { polygon: rect(0, 60, 100, 20), text: 'missed', ignore: false },
    ];
    const preds = [
      { polygon: rect(0, 0, 100, 20), text: 'hello world' },
      { polygon: rect(0, 30, 100, 20), text: '限时特价' },
      { polygon: rect(300, 300, 50, 20), text: 'extra' },
    ];
    const { counts, lines } = evaluateImage(preds, truth);
    expect(counts).toEqual({ images: 1, predictions: 3, groundTruth: 3, truePositives: 2, edits: 1, chars: 14, endToEnd: 1 });
    expect(lines.map((l: { edits: number }) => l.edits)).toEqual([0, 1]);
    const s = summarize(addCounts(emptyCounts(), counts));
    expect(s.precision).toBeCloseTo(2 / 3);
    expect(s.recall).toBeCloseTo(2 / 3);
    expect(s.f1).toBeCloseTo(2 / 3);
    expect(s.cer).toBeCloseTo(1 / 14);
    expect(s.e2eF1).toBeCloseTo(1 / 3);
  });

  it('treats an image with no text and no predictions as perfect', () => {
    const s = summarize(evaluateImage([], []).counts);
    expect(s).toMatchObject({ precision: 1, recall: 1, f1: 1, cer: null, e2eF1: 1 });
    expect(summarize(evaluateImage([{ polygon: rect(0, 0, 5, 5), text: 'x' }], []).counts).precision).toBe(0);
  });
});
