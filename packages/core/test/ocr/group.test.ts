import { describe, expect, it } from 'vitest';
import { createBlocks, groupLines, isGlossaError, polygonBounds, type Polygon, type RgbaImage, type TextLine } from '@glossa/core';

// A horizontal line box at (x, y), `w` x `h`, optionally rotated by `deg` around its top-left.
function line(text: string, x: number, y: number, w: number, h: number, deg = 0): TextLine {
  const a = (deg * Math.PI) / 180;
  const c = Math.cos(a), s = Math.sin(a);
  const at = (dx: number, dy: number): [number, number] => [x + dx * c - dy * s, y + dx * s + dy * c];
  return { polygon: [at(0, 0), at(w, 0), at(w, h), at(0, h)], text, score: 0.95 };
}


describe('groupLines', () => {
  it('joins a two-line paragraph and keeps a distant slogan apart', () => {
    const lines = [
      line('限时特惠', 600, 700, 200, 50), // slogan far below and right
      line('全场商品满减', 100, 100, 300, 30),
      line('部分商品除外', 100, 138, 300, 30),
    ];
    const groups = groupLines(lines);
    expect(groups).toHaveLength(2);
    expect(groups[0].lines).toEqual([1, 2]);
    expect(groups[0].text).toBe('全场商品满减部分商品除外');
    expect(groups[0].direction).toBe('horizontal');
    expect(groups[1].lines).toEqual([0]);
    const bounds = polygonBounds(groups[0].polygon);
    expect(bounds).toEqual({ x: 100, y: 100, width: 300, height: 68 });
  });

  it('does not merge lines of very different sizes', () => {
    const lines = [line('BIG SALE', 100, 100, 400, 80), line('terms and conditions apply', 100, 190, 400, 24)];
    const groups = groupLines(lines);
    expect(groups.map((g) => g.lines)).toEqual([[0], [1]]);
  });

  it('keeps an isolated line alone and every line in exactly one group', () => {
    const lines = [
      line('Hello', 10, 10, 100, 20),
      line('world', 10, 34, 100, 20),
      line('alone', 500, 400, 100, 20),
      line('far', 10, 300, 60, 20),
    ];
    const groups = groupLines(lines);
    expect(groups.map((g) => g.lines)).toEqual([[0, 1], [3], [2]]);
    expect(groups.flatMap((g) => g.lines).sort()).toEqual([0, 1, 2, 3]);
    expect(groups[0].text).toBe('Hello world');
  });

  it('re-joins pieces of one row and reads them left to right', () => {
    const lines = [line('brown fox', 130, 10, 90, 20), line('The quick', 20, 10, 100, 20), line('jumps over', 20, 36, 110, 20)];
    const [group, ...rest] = groupLines(lines);
    expect(rest).toHaveLength(0);
    expect(group.lines).toEqual([1, 0, 2]);
    expect(group.text).toBe('The quick brown fox jumps over');
  });

  it('re-joins a CJK piece and the shorter digits box beside it ("仅需" + "¥199")', () => {
    // Detector boxes hug glyphs: the digits' box is shorter than the CJK box next to it.
    const lines = [line('新品上市立即抢购', 176, 807, 446, 46), line('仅需', 261, 888, 126, 62), line('¥199', 387, 895, 147, 47)];
    const groups = groupLines(lines);
    const priced = groups.find((g) => g.lines.includes(2))!;
    // Whether the row above joins the block is a paragraph decision; the two pieces are one row either way.
    expect(priced.lines.slice(-2)).toEqual([1, 2]);
    expect(priced.text.endsWith('仅需¥199')).toBe(true);
  });

  it('re-joins a hyphenated word and keeps tables apart', () => {
    const lines = [line('transla-', 0, 0, 80, 20), line('tion', 0, 24, 40, 20), line('Price', 0, 200, 50, 20), line('$10', 300, 200, 30, 20)];
    const groups = groupLines(lines);
    expect(groups[0].text).toBe('translation');
    expect(groups.slice(1).map((g) => g.text)).toEqual(['Price', '$10']);
  });

  it('orders blocks in rows from top to bottom, left to right within a row', () => {
    const lines = [
      line('C', 10, 300, 80, 30),
      line('B', 400, 12, 80, 30),
      line('A', 10, 10, 80, 30),
      line('D', 400, 305, 80, 30),
    ];
    expect(groupLines(lines).map((g) => g.text)).toEqual(['A', 'B', 'C', 'D']);
  });

  it('groups slightly rotated paragraph lines', () => {
    const lines = [line('rotated text line one', 100, 100, 300, 30, 5), line('rotated text line two', 97, 136, 300, 30, 5)];
    const groups = groupLines(lines);
    expect(groups).toHaveLength(1);
    expect(groups[0].lines).toEqual([0, 1]);
    // The block polygon follows the rotation.
    const [p0, p1] = groups[0].polygon;
    expect((Math.atan2(p1[1] - p0[1], p1[0] - p0[0]) * 180) / Math.PI).toBeCloseTo(5, 0);
  });

  it('does not merge lines at very different angles', () => {
    const lines = [line('level', 100, 100, 300, 30), line('tilted', 100, 136, 300, 30, 25)];
    expect(groupLines(lines)).toHaveLength(2);
  });

  it('recognises adjacent vertical CJK columns as one block read right to left', () => {
    // Three columns 40 px wide, 10 px apart; the rightmost is read first.
    const lines = [
      line('第二列文字', 150, 50, 40, 200),
      line('第一列文字', 200, 50, 40, 200),
      line('第三列', 100, 50, 40, 120),
      line('横排标题文字', 400, 500, 240, 40),
    ];
    const groups = groupLines(lines);
    const vertical = groups.find((g) => g.direction === 'vertical')!;
    expect(vertical.lines).toEqual([1, 0, 2]);
    expect(vertical.text).toBe('第一列文字第二列文字第三列');
    expect(groups.find((g) => g.direction === 'horizontal')!.lines).toEqual([3]);
  });

  it('stacks single characters into a vertical column', () => {
    const chars = [...'春节快乐'].map((ch, i) => line(ch, 300, 100 + i * 44, 40, 40));
    const groups = groupLines([...chars].reverse()); // input order must not matter
    expect(groups).toHaveLength(1);
    expect(groups[0].direction).toBe('vertical');
    expect(groups[0].text).toBe('春节快乐');
    expect(groups[0].lines).toEqual([3, 2, 1, 0]);
  });

  it('orders blocks right to left on a vertical (manga) page', () => {
    const lines = [line('左の吹き出し', 100, 100, 40, 240), line('右の吹き出し', 500, 110, 40, 240)];
    const groups = groupLines(lines);
    expect(groups.map((g) => g.lines)).toEqual([[1], [0]]);
    expect(groups.every((g) => g.direction === 'vertical')).toBe(true);
  });

  it('treats a tall narrow Latin box as horizontal text', () => {
    expect(groupLines([line('EXIT', 10, 10, 20, 80)])[0].direction).toBe('horizontal');
  });

  it('returns nothing for no lines and validates its input', () => {
    expect(groupLines([])).toEqual([]);
    const bad = [{ polygon: [[0, 0], [1, 1]], text: 'x', score: 1 }] as unknown as TextLine[];
    expect(() => groupLines(bad)).toThrow(/lines\[0\]\.polygon/);
    try {
      groupLines([line('a', 0, 0, 10, 10)], { lineGap: -1 });
      expect.unreachable();
    } catch (error) {
      expect(isGlossaError(error) && error.code).toBe('INVALID_INPUT');
      expect((error as Error).message).toMatch(/options\.lineGap/);
    }
  });

  it('joins loosely spaced rows that share an edge and a size in a document, not centred ones', () => {
    // Gap 0.9 x the height: above lineGap, but the rows are left-aligned at one size (a document).
    const doc = [line('【品名】：纯臻营养护发素', 26, 210, 208, 17), line('【产品编号】：YM-X-3011', 26, 242, 216, 17)];
    expect(groupLines(doc, { policy: 'paragraph' })).toHaveLength(1);
    // On a poster the same rows are two spec entries.
    expect(groupLines(doc, { policy: 'design' })).toHaveLength(2);
    const centred = [line('SALE', 100, 100, 100, 20), line('TODAY ONLY', 70, 138, 160, 20)];
    expect(groupLines(centred)).toHaveLength(2);
  });

  it('links looser blocks with a larger lineGap', () => {
    const lines = [line('first', 0, 0, 100, 20), line('second', 20, 40, 60, 20)]; // centred, 1 height apart
    expect(groupLines(lines)).toHaveLength(2);
    expect(groupLines(lines, { lineGap: 1.2 })).toHaveLength(1);
  });
});

describe('createBlocks', () => {
  const alignCase = (edges: Array<[number, number]>): TextLine[] => edges.map(([x, w], i) => line(`line ${i}`, x, 100 + i * 36, w, 30));

  it('detects left, centre and right alignment', () => {
    expect(createBlocks(alignCase([[100, 300], [100, 180], [100, 240]]))[0].style.align).toBe('left');
    expect(createBlocks(alignCase([[100, 300], [160, 180], [130, 240]]))[0].style.align).toBe('center');
    expect(createBlocks(alignCase([[100, 300], [220, 180], [160, 240]]))[0].style.align).toBe('right');
  });

  it('derives size, line height and ids from the geometry', () => {
    const lines = [line('限时特惠', 600, 700, 200, 50), line('全场商品满减', 100, 100, 300, 30), line('部分商品除外', 100, 145, 300, 30)];
    const blocks = createBlocks(lines);
    expect(blocks.map((b) => b.id)).toEqual(['b0', 'b1']);
    const [para, slogan] = blocks;
    expect(para.sourceText).toBe('全场商品满减部分商品除外');
    expect(para.lines.map((l) => l.text)).toEqual(['全场商品满减', '部分商品除外']);
    expect(para.style).toEqual({ color: '#000000', fontSize: 30, align: 'center', lineHeight: 1.5 }); // equal widths
    expect(para.flags).toEqual({});
    expect(slogan.style.fontSize).toBe(50);
    expect(slogan.style.align).toBe('center');
    expect(slogan.style.lineHeight).toBe(1.2);
    // Lines are copies: editing the block leaves the OCR output alone.
    para.lines[0].polygon[0][0] = -1;
    expect(lines[1].polygon[0][0]).toBe(100);
  });

  it('uses the column width as the size of a vertical block', () => {
    const lines = [line('第一列文字', 200, 50, 40, 200), line('第二列文字', 150, 50, 40, 200)];
    const [block] = createBlocks(lines);
    expect(block.direction).toBe('vertical');
    expect(block.style.fontSize).toBe(40);
    expect(block.style.lineHeight).toBe(1.25);
    expect(block.style.align).toBe('center'); // equal columns: no evidence either way
  });

  it('treats stacked characters as one column', () => {
    const chars = [...'春节快乐'].map((ch, i) => line(ch, 300, 100 + i * 44, 40, 40));
    const [block] = createBlocks(chars);
    expect(block.style.fontSize).toBe(40);
    expect(block.style.lineHeight).toBe(1.2); // one column
  });

  it('accepts caller-made groups and rejects bad indices', () => {
    const lines = [line('a', 0, 0, 10, 10), line('b', 100, 100, 10, 10)];
    const groups = [{ lines: [1, 0], polygon: [[0, 0], [110, 0], [110, 110], [0, 110]] as Polygon, direction: 'horizontal' as const, text: 'b a' }];
    expect(createBlocks(lines, groups)[0].lines.map((l) => l.text)).toEqual(['b', 'a']);
    expect(() => createBlocks(lines, [{ ...groups[0], lines: [2] }])).toThrow(/groups\[0\]\.lines\[0\]/);
  });
});

describe('groupLines: design policy', () => {
  // Two rows of one size and edge; the image decides whether they look alike.
  function twoRows(lower: [number, number, number], plate?: [number, number, number]): { lines: TextLine[]; image: RgbaImage } {
    const width = 400, height = 140;
    const data = new Uint8ClampedArray(width * height * 4).fill(255);
    const paint = (x0: number, y0: number, x1: number, y1: number, c: readonly number[]) => {
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data.set([c[0], c[1], c[2], 255], (y * width + x) * 4);
    };
    if (plate) paint(10, 68, 390, 130, plate);
    // "Glyphs": vertical bars in each row's box.
    for (let x = 24; x < 300; x += 12) {
      paint(x, 24, x + 5, 56, [20, 20, 20]);
      paint(x, 82, x + 5, 114, lower);
    }
    return { lines: [line('全场商品满减优惠', 20, 20, 290, 40), line('部分商品除外说明', 20, 78, 290, 40)], image: { width, height, data } };
  }

  it('joins wrapped rows of one look, splits rows of another colour or on another plate', () => {
    const same = twoRows([20, 20, 20]);
    expect(groupLines(same.lines, { image: same.image })).toHaveLength(1);
    const red = twoRows([220, 30, 40]);
    expect(groupLines(red.lines, { image: red.image })).toHaveLength(2);
    expect(groupLines(red.lines, { image: red.image, policy: 'paragraph' })).toHaveLength(1);
    const onPlate = twoRows([20, 20, 20], [255, 214, 0]);
    expect(groupLines(onPlate.lines, { image: onPlate.image })).toHaveLength(2);
  });

  it('keeps list items, sentences and stacked words apart', () => {
    expect(groupLines([line('• 防水防尘设计', 20, 20, 260, 40), line('• 超长续航时间', 20, 66, 260, 40)])).toHaveLength(2);
    expect(groupLines([line('赶上了这次降价!', 20, 20, 300, 40), line('恭喜你!', 20, 66, 160, 40)])).toHaveLength(2);
    expect(groupLines([line('爆款', 20, 20, 80, 40), line('热卖', 20, 66, 80, 40)])).toHaveLength(2);
    expect(groupLines([line('爆款', 20, 20, 80, 40), line('热卖', 20, 66, 80, 40)], { policy: 'paragraph' })).toHaveLength(1);
  });

  it('rejects an unknown policy', () => {
    expect(() => groupLines([], { policy: 'bubbles' as never })).toThrow(/options\.policy/);
  });
});
