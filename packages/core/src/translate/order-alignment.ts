/**
 * Aligning a page's unmatched texts with a translation script by order.
 *
 * A comic's script lists the page's lines in reading order, and the pipeline
 * hands the translator the page's blocks in reading order. Blocks that matched
 * an entry by text are anchors; a block left between two anchors is paired
 * with the unused entries between the anchors' entries, as subtitle aligners
 * pair cues between two synchronised ones. @internal
 */

/**
 * Similarity (1 − edit distance / longer length) a pairing must reach when
 * the gap holds unequal numbers of blocks and entries, so that position alone
 * cannot say which block goes with which entry. Well below a text match
 * (0.6 for comics), because the anchors on both sides already vouch for the
 * neighbourhood.
 */
const UNEVEN_GAP_SIMILARITY = 0.4;

/**
 * Length ratio (longer / shorter, after normalisation) beyond which a
 * pairing is absurd: a one-character fragment for a long line, or a whole
 * bubble read for a one-word entry. Furigana over one kanji (`ナオ尚` read as
 * `尚`) sits at 3.
 */
const MAX_LENGTH_RATIO = 3;

/**
 * Pairs unmatched texts with unused entries by order. `texts` are the
 * normalised texts in reading order, `matched[i]` the script entries text `i`
 * matched by text (undefined when none), `keys` the normalised entry keys in
 * script order, `scripts[j]` which script entry `j` came from. Returns text
 * index -> entry index for the texts it pairs; nothing when no text matched.
 *
 * Anchors are the longest chain of matched texts whose entries rise in script
 * order (a text matched against the order is not trusted as an anchor). In
 * each gap between two anchors (and before the first, after the last), when
 * the unmatched texts and unused entries are as many, they pair in order,
 * each pair kept when it is not absurd (one shared character, lengths within
 * {@link MAX_LENGTH_RATIO}); otherwise a monotonic alignment maximising the
 * summed similarity of plausible pairs at or above {@link UNEVEN_GAP_SIMILARITY} picks
 * the pairs (a pair that is the only plausible one for both its text and its
 * entry counts too). Alignment never crosses an anchor, so it never reorders;
 * before the first anchor and after the last, only entries of that anchor's
 * script are candidates.
 */
export function alignByOrder(
  texts: readonly string[],
  matched: ReadonlyArray<readonly number[] | undefined>,
  keys: readonly string[],
  scripts: readonly number[],
): Map<number, number> {
  const anchors = risingChain(matched);
  const out = new Map<number, number>();
  // Without an anchor nothing says the script is this page's.
  if (!anchors.length) return out;
  const used = new Set(matched.flatMap((m) => m ?? []));
  // Before the first anchor and after the last, only the anchors' own script
  // counts: a translator fed one sidecar script per page holds earlier pages' too.
  const head = anchors[0].first;
  const tail = anchors[anchors.length - 1].last;
  let start = head;
  while (start > 0 && scripts[start - 1] === scripts[head]) start--;
  let end = tail;
  while (end < keys.length - 1 && scripts[end + 1] === scripts[tail]) end++;
  const bounds = [{ text: -1, first: start - 1, last: start - 1 }, ...anchors, { text: texts.length, first: end + 1, last: end + 1 }];
  for (let b = 1; b < bounds.length; b++) {
    const from = bounds[b - 1];
    const to = bounds[b];
    const gapTexts: number[] = [];
    for (let i = from.text + 1; i < to.text; i++) if (!matched[i] && texts[i]) gapTexts.push(i);
    const gapEntries: number[] = [];
    for (let j = from.last + 1; j < to.first; j++) if (!used.has(j)) gapEntries.push(j);
    if (!gapTexts.length || !gapEntries.length) continue;
    const pairs =
      gapTexts.length === gapEntries.length
        ? gapTexts.map((t, k) => [t, gapEntries[k]] as const).filter(([t, e]) => plausible(texts[t], keys[e]))
        : bestMonotonicPairs(gapTexts, gapEntries, unevenGapScore(gapTexts, gapEntries, texts, keys));
    for (const [t, e] of pairs) out.set(t, e);
  }
  return out;
}

/**
 * The score of pairing a text with an entry in an uneven gap: its similarity
 * when the pair is plausible and either at least {@link UNEVEN_GAP_SIMILARITY}
 * similar or the only plausible pairing of both the text and the entry in the
 * gap (a bubble whose reading shares characters with one entry only, beside an
 * entry whose bubble was not read at all: `尚` for `ナオ尚ーー` beside `くっ...`);
 * else 0.
 */
function unevenGapScore(gapTexts: readonly number[], gapEntries: readonly number[], texts: readonly string[], keys: readonly string[]): (t: number, e: number) => number {
  const ok = new Map(gapTexts.map((t) => [t, new Set(gapEntries.filter((e) => plausible(texts[t], keys[e])))]));
  const only = (t: number, e: number) => ok.get(t)!.size === 1 && gapTexts.filter((u) => ok.get(u)!.has(e)).length === 1;
  return (t, e) => {
    if (!ok.get(t)!.has(e)) return 0;
    const s = similarity(texts[t], keys[e]);
    return s >= UNEVEN_GAP_SIMILARITY || only(t, e) ? Math.max(s, UNEVEN_GAP_SIMILARITY) : 0;
  };
}

/** The longest chain of matched texts, in text order, whose entries strictly rise (O(n²): a page holds tens of blocks). */
function risingChain(matched: ReadonlyArray<readonly number[] | undefined>): Array<{ text: number; first: number; last: number }> {
  const nodes = matched.flatMap((m, text) => (m?.length ? [{ text, first: Math.min(...m), last: Math.max(...m) }] : []));
  const length = nodes.map(() => 1);
  const previous = nodes.map(() => -1);
  for (let i = 0; i < nodes.length; i++) {
    for (let k = 0; k < i; k++) {
      if (nodes[k].last < nodes[i].first && length[k] + 1 > length[i]) {
        length[i] = length[k] + 1;
        previous[i] = k;
      }
    }
  }
  let end = length.indexOf(Math.max(0, ...length));
  const chain: typeof nodes = [];
  for (; end >= 0; end = previous[end]) chain.unshift(nodes[end]);
  return chain;
}

/** Not absurd as a pair: at least one character in common, lengths within {@link MAX_LENGTH_RATIO}. */
function plausible(text: string, key: string): boolean {
  const a = [...text];
  const b = [...key];
  if (!a.length || !b.length || Math.max(a.length, b.length) > MAX_LENGTH_RATIO * Math.min(a.length, b.length)) return false;
  const inKey = new Set(b);
  return a.some((ch) => inKey.has(ch));
}

/**
 * Needleman–Wunsch without gap costs: the monotonic pairing of `rows` with
 * `cols` that maximises the summed score, counting only pairs scoring at
 * least {@link UNEVEN_GAP_SIMILARITY}.
 */
function bestMonotonicPairs(rows: readonly number[], cols: readonly number[], score: (row: number, col: number) => number): Array<readonly [number, number]> {
  const gain = (i: number, j: number) => {
    const s = score(rows[i], cols[j]);
    return s >= UNEVEN_GAP_SIMILARITY ? s : -Infinity;
  };
  // total[i][j]: the best sum over rows[0, i) and cols[0, j).
  const total = Array.from({ length: rows.length + 1 }, () => new Array<number>(cols.length + 1).fill(0));
  for (let i = 1; i <= rows.length; i++) {
    for (let j = 1; j <= cols.length; j++) total[i][j] = Math.max(total[i - 1][j], total[i][j - 1], total[i - 1][j - 1] + gain(i - 1, j - 1));
  }
  const pairs: Array<readonly [number, number]> = [];
  for (let i = rows.length, j = cols.length; i > 0 && j > 0; ) {
    if (total[i][j] === total[i - 1][j]) i--;
    else if (total[i][j] === total[i][j - 1]) j--;
    else {
      pairs.unshift([rows[i - 1], cols[j - 1]]);
      i--;
      j--;
    }
  }
  return pairs;
}

/** 1 − edit distance / longer length. */
function similarity(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  const longer = Math.max(x.length, y.length);
  return longer ? 1 - editDistance(x, y) / longer : 1;
}

/** Levenshtein distance between two character arrays. @internal */
export function editDistance(x: readonly string[], y: readonly string[]): number {
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const cur = [i];
    for (let j = 1; j <= y.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[y.length];
}
