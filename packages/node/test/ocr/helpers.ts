// Scoring helpers for the OCR tests: edit distance and best-IoU matching of
// recognised lines against the lines drawText drew.
import { convexIou, type Polygon, type TextLine } from '@glossa/core';
import type { DrawnLine } from '../helpers/draw-text.js';

/** Levenshtein distance between two strings, by code point. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[y.length];
}

/** Strips whitespace so spacing differences between words do not count as errors of the reader. */
export function normalise(text: string): string {
  return text.normalize('NFKC').replace(/\s+/g, '');
}

export interface Matched {
  drawn: DrawnLine;
  found?: TextLine;
  iou: number;
}

/** For every drawn line, the recognised line that overlaps it most. */
export function matchLines(drawn: DrawnLine[], found: TextLine[]): Matched[] {
  return drawn.map((line) => {
    let best: TextLine | undefined;
    let bestIou = 0;
    for (const candidate of found) {
      const iou = convexIou(candidate.polygon, line.polygon as Polygon);
      if (iou > bestIou) {
        bestIou = iou;
        best = candidate;
      }
    }
    return { drawn: line, found: best, iou: bestIou };
  });
}

/** Character error rate over matched lines: total edits / total drawn characters (unmatched lines count fully). */
export function characterErrorRate(matches: Matched[]): number {
  let edits = 0;
  let total = 0;
  for (const m of matches) {
    const truth = normalise(m.drawn.text);
    edits += editDistance(truth, normalise(m.found?.text ?? ''));
    total += [...truth].length;
  }
  return total === 0 ? 0 : edits / total;
}
