// OCR evaluation metrics, ICDAR style: detection precision/recall/F1 with
// one-to-one matching at an IoU threshold, character error rate over matched
// lines, and end-to-end F1 (a match counts only when the normalised texts are
// identical). Pure functions on plain data so they can be unit-tested.

/** @typedef {[number, number]} Point */
/** @typedef {Point[]} Polygon */
/** @typedef {{ polygon: Polygon, text: string, ignore: boolean }} GroundTruthLine */
/** @typedef {{ polygon: Polygon, text: string }} Prediction */

/**
 * Parses an ICDAR-style ground-truth file: one `x1,y1,x2,y2,x3,y3,x4,y4,text`
 * per line (split on the first 8 commas, so the text may hold commas), an
 * optional UTF-8 BOM, `###` (a text of exactly three hashes) marking a region
 * to ignore. Blank lines are skipped, so a file holding only a newline has no
 * lines.
 * @param {string} content
 * @returns {GroundTruthLine[]}
 */
export function parseGroundTruth(content) {
  const out = [];
  const rows = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  rows.forEach((row, n) => {
    if (!row.trim()) return;
    const fields = [];
    let rest = row;
    for (let i = 0; i < 8; i++) {
      const comma = rest.indexOf(',');
      if (comma < 0) throw new Error(`ground truth line ${n + 1}: expected 8 coordinates and a text, got "${row}"`);
      fields.push(Number(rest.slice(0, comma)));
      rest = rest.slice(comma + 1);
    }
    if (fields.some((v) => !Number.isFinite(v))) throw new Error(`ground truth line ${n + 1}: a coordinate is not a number: "${row}"`);
    const polygon = [0, 2, 4, 6].map((i) => /** @type {Point} */ ([fields[i], fields[i + 1]]));
    out.push({ polygon, text: rest, ignore: rest.trim() === '###' });
  });
  return out;
}

/** Shoelace signed area (positive when the points run clockwise in image coordinates, y down). */
export function signedArea(polygon) {
  let sum = 0;
  for (let i = 0; i < polygon.length; i++) {
    const [x0, y0] = polygon[i];
    const [x1, y1] = polygon[(i + 1) % polygon.length];
    sum += x0 * y1 - x1 * y0;
  }
  return sum / 2;
}

/** Area of a polygon (absolute shoelace). */
export function area(polygon) {
  return Math.abs(signedArea(polygon));
}

// The same polygon with a positive signed area, so "inside" is on one known side of every edge.
function oriented(polygon) {
  return signedArea(polygon) < 0 ? [...polygon].reverse() : polygon;
}

/**
 * The intersection of two polygons; `clip` must be convex (quadrilateral text
 * boxes are, or nearly so). Sutherland-Hodgman: the subject is clipped by each
 * edge of the clip polygon in turn.
 * @param {Polygon} subject
 * @param {Polygon} clip
 * @returns {Polygon} possibly empty
 */
export function intersectPolygons(subject, clip) {
  let output = oriented(subject);
  const c = oriented(clip);
  for (let i = 0; i < c.length && output.length; i++) {
    const a = c[i];
    const b = c[(i + 1) % c.length];
    // With positive (clockwise in y-down) orientation, inside is where the cross product is >= 0.
    const side = (p) => (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
    const input = output;
    output = [];
    for (let j = 0; j < input.length; j++) {
      const p = input[j];
      const q = input[(j + 1) % input.length];
      const sp = side(p);
      const sq = side(q);
      if (sp >= 0) output.push(p);
      if ((sp >= 0) !== (sq >= 0)) {
        const t = sp / (sp - sq);
        output.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
      }
    }
  }
  return output;
}

/** Intersection over union of two (convex) polygons, 0..1. */
export function polygonIoU(a, b) {
  const inter = area(intersectPolygons(a, b));
  const union = area(a) + area(b) - inter;
  return union > 0 ? inter / union : 0;
}

/**
 * Text normalisation for CER and end-to-end matching: Unicode NFKC (full-width
 * forms become ASCII), all whitespace removed, Latin letters lowercased.
 * @param {string} text
 */
export function normalizeText(text) {
  return text
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/\p{Script=Latin}+/gu, (m) => m.toLowerCase());
}

/** Levenshtein distance between two strings, counted in code points. */
export function editDistance(a, b) {
  const s = Array.from(a);
  const t = Array.from(b);
  if (!s.length) return t.length;
  if (!t.length) return s.length;
  let prev = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[t.length];
}

/**
 * Matches predictions to ground truth one to one: every pair at IoU >= the
 * threshold is a candidate, and pairs are taken greedily from the highest IoU
 * down. Predictions left unmatched that lie mostly (more than half of their
 * area) inside an ignored (`###`) region are dropped from the counts, so
 * ignored regions neither count as misses nor make predictions false positives.
 *
 * @param {Prediction[]} predictions
 * @param {GroundTruthLine[]} truth
 * @param {{ iouThreshold?: number }} [options]
 * @returns {{ matches: Array<{ pred: number, gt: number, iou: number }>, truePositives: number, falsePositives: number, falseNegatives: number, predictions: number, groundTruth: number, ignoredPredictions: number[], unmatchedTruth: number[], unmatchedPredictions: number[] }}
 */
export function matchDetections(predictions, truth, { iouThreshold = 0.5 } = {}) {
  const pairs = [];
  predictions.forEach((p, i) => {
    truth.forEach((g, j) => {
      if (g.ignore) return;
      const iou = polygonIoU(p.polygon, g.polygon);
      if (iou >= iouThreshold) pairs.push({ pred: i, gt: j, iou });
    });
  });
  pairs.sort((x, y) => y.iou - x.iou || x.gt - y.gt || x.pred - y.pred);
  const predUsed = new Set();
  const gtUsed = new Set();
  const matches = [];
  for (const pair of pairs) {
    if (predUsed.has(pair.pred) || gtUsed.has(pair.gt)) continue;
    predUsed.add(pair.pred);
    gtUsed.add(pair.gt);
    matches.push(pair);
  }
  const ignoredRegions = truth.filter((g) => g.ignore);
  const ignoredPredictions = [];
  const unmatchedPredictions = [];
  predictions.forEach((p, i) => {
    if (predUsed.has(i)) return;
    const own = area(p.polygon);
    const covered = ignoredRegions.some((g) => own > 0 && area(intersectPolygons(p.polygon, g.polygon)) / own > 0.5);
    (covered ? ignoredPredictions : unmatchedPredictions).push(i);
  });
  const unmatchedTruth = [];
  truth.forEach((g, j) => {
    if (!g.ignore && !gtUsed.has(j)) unmatchedTruth.push(j);
  });
  const careTruth = truth.filter((g) => !g.ignore).length;
  const counted = predictions.length - ignoredPredictions.length;
  matches.sort((x, y) => x.gt - y.gt);
  return {
    matches,
    truePositives: matches.length,
    falsePositives: counted - matches.length,
    falseNegatives: careTruth - matches.length,
    predictions: counted,
    groundTruth: careTruth,
    ignoredPredictions,
    unmatchedTruth,
    unmatchedPredictions,
  };
}

/**
 * Evaluates one image: detection counts, edit counts over the matched lines
 * and end-to-end hits. The result is additive; combine images with
 * {@link addCounts} and turn totals into rates with {@link summarize}.
 * @param {Prediction[]} predictions
 * @param {GroundTruthLine[]} truth
 * @param {{ iouThreshold?: number }} [options]
 */
export function evaluateImage(predictions, truth, options) {
  const detection = matchDetections(predictions, truth, options);
  let edits = 0;
  let chars = 0;
  let endToEnd = 0;
  const lines = [];
  for (const { pred, gt, iou } of detection.matches) {
    const expected = normalizeText(truth[gt].text);
    const actual = normalizeText(predictions[pred].text);
    const distance = editDistance(actual, expected);
    // A ground truth with no characters left after normalisation has no CER to speak of.
    if (expected.length) {
      edits += distance;
      chars += expected.length;
    }
    if (expected === actual) endToEnd++;
    lines.push({ pred, gt, iou, expected, actual, edits: distance });
  }
  return {
    counts: {
      images: 1,
      predictions: detection.predictions,
      groundTruth: detection.groundTruth,
      truePositives: detection.truePositives,
      edits,
      chars,
      endToEnd,
    },
    lines,
    unmatchedTruth: detection.unmatchedTruth,
    unmatchedPredictions: detection.unmatchedPredictions,
  };
}

/** An all-zero counts object. */
export function emptyCounts() {
  return { images: 0, predictions: 0, groundTruth: 0, truePositives: 0, edits: 0, chars: 0, endToEnd: 0 };
}

/** Adds `b` into a copy of `a`. */
export function addCounts(a, b) {
  const out = { ...a };
  for (const key of Object.keys(b)) out[key] = (out[key] ?? 0) + b[key];
  return out;
}

/** Harmonic mean of precision and recall (0 when both are 0). */
export function f1(precision, recall) {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

/**
 * Rates from summed counts. Precision with no predictions is 1 when there was
 * nothing to find, else 0; recall with no ground truth is 1. CER is total
 * edits over total ground-truth characters of the matched lines (null when no
 * line matched).
 */
export function summarize(counts) {
  const ratio = (num, den, empty) => (den > 0 ? num / den : empty);
  const nothing = counts.groundTruth === 0;
  const precision = ratio(counts.truePositives, counts.predictions, nothing ? 1 : 0);
  const recall = ratio(counts.truePositives, counts.groundTruth, 1);
  const e2ePrecision = ratio(counts.endToEnd, counts.predictions, nothing ? 1 : 0);
  const e2eRecall = ratio(counts.endToEnd, counts.groundTruth, 1);
  return {
    ...counts,
    precision,
    recall,
    f1: f1(precision, recall),
    cer: counts.chars > 0 ? counts.edits / counts.chars : null,
    e2eF1: f1(e2ePrecision, e2eRecall),
  };
}
