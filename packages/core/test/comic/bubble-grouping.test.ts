import { describe, expect, it } from 'vitest';
import { GROUPING_POLICIES, defaultGroup, groupLines, presetFor, type BubbleLine, type Polygon, type TextLine } from '@glossa/core';

const rect = (x: number, y: number, w: number, h: number): Polygon => [[x, y], [x + w, y], [x + w, y + h], [x, y + h]];

// Two vertical balloons side by side, as the comic OCR returns them: one line
// per bubble, right balloon first (manga reads right to left).
function bubbleLine(text: string, x: number): BubbleLine {
  const textArea = { x, y: 40, width: 60, height: 150 };
  return {
    polygon: rect(x, 40, 60, 150),
    text,
    score: 0.9,
    bubble: { kind: 'balloon', shape: rect(x - 20, 20, 100, 190), textArea, direction: 'vertical', glyphSize: 28, boxes: [rect(x, 40, 60, 150)] },
  };
}
const page = [bubbleLine('今日はいい天気ですね', 200), bubbleLine('本当にそうだね', 110)];

describe("grouping 'bubble'", () => {
  it('is a grouping policy', () => {
    expect(GROUPING_POLICIES).toContain('bubble');
  });

  it('makes one block per bubble, in the order read, with the balloon shape', () => {
    // Paragraph grouping joins the two close columns of one size into one block.
    expect(defaultGroup(page, undefined, { policy: 'paragraph' })).toHaveLength(1);
    const blocks = defaultGroup(page, undefined, { policy: 'bubble' });
    expect(blocks.map((b) => b.sourceText)).toEqual(['今日はいい天気ですね', '本当にそうだね']);
    expect(blocks.map((b) => b.direction)).toEqual(['vertical', 'vertical']);
    expect(blocks[0].balloon).toEqual(page[0].bubble.shape);
  });

  it('groupLines keeps each line a group of its own, in input order', () => {
    const plain: TextLine[] = [
      { polygon: rect(10, 100, 200, 20), text: 'second bubble', score: 0.9 },
      { polygon: rect(10, 10, 200, 20), text: 'first bubble', score: 0.9 },
      { polygon: rect(10, 32, 200, 20), text: 'its next row', score: 0.9 },
    ];
    expect(groupLines(plain, { policy: 'paragraph' })).toHaveLength(2);
    const groups = groupLines(plain, { policy: 'bubble' });
    expect(groups.map((g) => g.lines)).toEqual([[0], [1], [2]]);
    expect(groups.map((g) => g.direction)).toEqual(['horizontal', 'horizontal', 'horizontal']);
  });

  it("selects the comic preset when no preset is given; an explicit preset wins", () => {
    expect(presetFor(undefined, undefined, 'bubble')).toBe('comic');
    expect(presetFor('zh', undefined, 'bubble')).toBe('comic');
    expect(presetFor('ja', 'default', 'bubble')).toBe('default');
    expect(presetFor('zh', undefined, 'paragraph')).toBe('default');
  });
});
