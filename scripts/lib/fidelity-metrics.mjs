// Design-fidelity metrics for eval-fidelity.mjs: how Glossa's blocks and
// typesetting compare with the design elements of a poster's ground truth.
// Pure functions over plain data (GT elements, page JSON, peer OCR lines).

/** Axis-aligned box of a polygon. */
export function boxOf(polygon) {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const x0 = Math.min(...xs), y0 = Math.min(...ys);
  return { x: x0, y: y0, width: Math.max(...xs) - x0, height: Math.max(...ys) - y0 };
}

function intersection(a, b) {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * GT elements of a PosterErase poster: one per line of `<stem>.gt.txt`, with
 * its size from `orig_annotation.json` (`place.obj`: `text,size,dir;` in the
 * same order; the text may contain commas, so size and direction are the last two fields).
 */
export function parseElements(gtText, annotation) {
  const sizes = String(annotation?.place?.obj ?? '')
    .split(';')
    .filter((s) => s.trim())
    .map((entry) => {
      const parts = entry.split(',');
      return { text: parts.slice(0, -2).join(','), size: Number(parts[parts.length - 2]) };
    });
  const elements = [];
  for (const raw of gtText.replace(/^\uFEFF/, '').split(/\r?\n/)) {
    if (!raw.trim()) continue;
    const parts = raw.split(',');
    if (parts.length < 9) continue;
    const n = parts.slice(0, 8).map(Number);
    const text = parts.slice(8).join(',');
    const polygon = [[n[0], n[1]], [n[2], n[3]], [n[4], n[5]], [n[6], n[7]]];
    const box = boxOf(polygon);
    const i = elements.length;
    const size = sizes[i]?.text === text ? sizes[i].size : (sizes.find((s) => s.text === text)?.size ?? box.height);
    elements.push({ index: i, text, box, size });
  }
  return elements;
}

/** The element covering 50% or more of a line's box (the most-covering one), or -1. */
export function elementOfLine(lineBox, elements) {
  const area = lineBox.width * lineBox.height;
  let best = -1;
  let bestShare = 0.5;
  for (const e of elements) {
    const share = area > 0 ? intersection(lineBox, e.box) / area : 0;
    if (share >= bestShare) {
      best = e.index;
      bestShare = share;
    }
  }
  return best;
}

const HAN = /\p{Script=Han}/u;

/** Han characters of `text`, as a multiset (char → count). */
function hanCounts(text) {
  const counts = new Map();
  for (const ch of text) if (HAN.test(ch)) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  return counts;
}

/**
 * Source alignment of each element from the GT boxes: the edge (left, centre,
 * right) it shares with the nearest element stacked above or below it; an
 * element with no such neighbour is centred when it sits on the page's middle,
 * left or right when it hugs that margin.
 */
export function sourceAlignments(elements, pageWidth) {
  return elements.map((e) => {
    const edges = (b) => [b.x, b.x + b.width / 2, b.x + b.width];
    const mine = edges(e.box);
    let best;
    for (const o of elements) {
      if (o === e) continue;
      const gap = Math.max(o.box.y - (e.box.y + e.box.height), e.box.y - (o.box.y + o.box.height));
      const overlapX = Math.min(e.box.x + e.box.width, o.box.x + o.box.width) - Math.max(e.box.x, o.box.x);
      if (gap < -0.3 * Math.min(e.box.height, o.box.height) || gap > 2.5 * Math.max(e.box.height, o.box.height) || overlapX <= 0) continue;
      const theirs = edges(o.box);
      const diffs = mine.map((v, k) => Math.abs(v - theirs[k]));
      const k = diffs.indexOf(Math.min(...diffs));
      const tol = 0.5 * Math.min(e.box.height, o.box.height);
      if (diffs[k] <= tol && (!best || gap < best.gap)) best = { gap, align: ['left', 'center', 'right'][k] };
    }
    if (best) return best.align;
    const centre = e.box.x + e.box.width / 2;
    if (Math.abs(centre - pageWidth / 2) <= 0.06 * pageWidth) return 'center';
    if (e.box.x <= 0.12 * pageWidth) return 'left';
    if (e.box.x + e.box.width >= 0.88 * pageWidth) return 'right';
    return 'center';
  });
}

/**
 * Scores one page. `page` is Glossa's page JSON, `peer` the independent OCR's
 * lines on the rendered image (`{ text, box: [[x, y]...] }`), or null to skip
 * the residue check. `script` is the translation script: only elements it
 * translates (logos and garbage are left out of the scripts) count for
 * `covered`, and not those whose blocks are kept on purpose (`flags.keep`:
 * text printed on the product, which the pipeline leaves in place by default).
 */
export function scorePage(elements, page, peer, script = {}) {
  // Line → element, block → elements.
  const blocks = page.blocks.map((b) => {
    const lineElements = b.lines.map((l) => elementOfLine(boxOf(l.polygon), elements));
    const translated = Boolean(b.translation && b.translation.trim()) && !b.flags?.untranslated && !b.flags?.keep;
    return { block: b, lineElements, translated, kept: Boolean(b.flags?.keep) };
  });
  // Purity: blocks whose assigned lines all lie on one element (lines on no element are ignored).
  let blocksCounted = 0;
  let pure = 0;
  const impure = [];
  for (const b of blocks) {
    const set = new Set(b.lineElements.filter((e) => e >= 0));
    if (!set.size) continue;
    blocksCounted++;
    if (set.size === 1) pure++;
    else impure.push(`${b.block.id}: ${[...set].map((e) => elements[e].text).join(' | ')}`);
  }
  // Per element: the blocks its lines fall in.
  const perElement = elements.map((e) => {
    const holders = [];
    let lines = 0;
    let translatedLines = 0;
    let keptLines = 0;
    for (const b of blocks) {
      const n = b.lineElements.filter((x) => x === e.index).length;
      if (!n) continue;
      holders.push({ b, n });
      lines += n;
      if (b.translated) translatedLines += n;
      if (b.kept) keptLines += n;
    }
    holders.sort((p, q) => q.n - p.n);
    return {
      element: e,
      read: lines > 0,
      split: holders.length > 1,
      covered: lines > 0 && translatedLines === lines,
      // Left in place on purpose (product text the pipeline keeps by default).
      kept: lines > 0 && keptLines === lines,
      main: holders[0]?.b,
    };
  });
  const read = perElement.filter((p) => p.read);
  const split = read.filter((p) => p.split);
  const leftAlone = read.filter((p) => p.kept);
  const scripted = read.filter((p) => !p.kept && typeof script[p.element.text] === 'string');
  const covered = scripted.filter((p) => p.covered);

  // Hierarchy over translated elements whose source sizes differ by 1.5x or more.
  let pairs = 0;
  let kept = 0;
  const inverted = [];
  for (let i = 0; i < covered.length; i++) {
    for (let j = 0; j < covered.length; j++) {
      const big = covered[i];
      const small = covered[j];
      if (big.element.size < 1.5 * small.element.size) continue;
      pairs++;
      const bigSize = big.main.block.layout?.fontSize ?? 0;
      const smallSize = small.main.block.layout?.fontSize ?? 0;
      if (big.main !== small.main && bigSize > smallSize) kept++;
      else inverted.push(`${big.element.text} (${big.element.size}px -> ${bigSize.toFixed(1)}) vs ${small.element.text} (${small.element.size}px -> ${smallSize.toFixed(1)})${big.main === small.main ? ' same block' : ''}`);
    }
  }

  // Alignment agreement: the rendered text keeps the source's anchor edge.
  const aligns = sourceAlignments(elements, page.width);
  let alignCounted = 0;
  let alignKept = 0;
  const misaligned = [];
  for (const p of covered) {
    const lines = p.main.block.layout?.lines ?? [];
    if (!lines.length || p.main.block.layout.direction !== 'horizontal') continue;
    alignCounted++;
    const e = p.element;
    const want = aligns[e.index];
    const tol = Math.max(3, 0.3 * e.size);
    const anchor = (x0, w) => (want === 'left' ? x0 : want === 'right' ? x0 + w : x0 + w / 2);
    const target = anchor(e.box.x, e.box.width);
    const ok = lines.every((l) => Math.abs(anchor(l.x, l.width) - target) <= tol);
    if (ok) alignKept++;
    else misaligned.push(`${e.text}: source ${want}, block ${p.main.block.style.align}`);
  }

  // Residue: the peer reads 30% or more of a translated element's Han characters.
  const residue = [];
  if (peer) {
    for (const p of covered) {
      const want = hanCounts(p.element.text);
      const total = [...want.values()].reduce((a, b) => a + b, 0);
      if (!total) continue;
      const seen = new Map();
      for (const line of peer) {
        const lb = boxOf(line.box);
        if (intersection(lb, p.element.box) < 0.5 * lb.width * lb.height) continue;
        for (const [ch, n] of hanCounts(line.text)) seen.set(ch, (seen.get(ch) ?? 0) + n);
      }
      let found = 0;
      for (const [ch, n] of want) found += Math.min(n, seen.get(ch) ?? 0);
      if (found >= 0.3 * total) residue.push(`${p.element.text} (${found}/${total})`);
    }
  }

  return {
    blocks: blocksCounted,
    pure,
    elements: elements.length,
    read: read.length,
    scripted: scripted.length,
    productKept: leftAlone.length,
    split: split.length,
    covered: covered.length,
    pairs,
    kept,
    alignCounted,
    alignKept,
    residue: residue.length,
    notes: {
      impure,
      split: split.map((p) => p.element.text),
      kept: leftAlone.map((p) => p.element.text),
      uncovered: scripted.filter((p) => !p.covered).map((p) => p.element.text),
      inverted,
      misaligned,
      residue,
    },
  };
}
