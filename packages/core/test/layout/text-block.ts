import { rectToPolygon, type Rect, type TextBlock } from '@glossa/core';

/** A horizontal block over `rect`, its source text one line, its font size the rect's height unless given. */
export function textBlock(id: string, rect: Rect, translation: string | undefined, extra: Partial<TextBlock> = {}): TextBlock {
  return {
    id,
    polygon: rectToPolygon(rect),
    lines: [{ polygon: rectToPolygon(rect), text: 'src', score: 1 }],
    sourceText: 'src',
    translation,
    direction: 'horizontal',
    style: { color: '#000000', fontSize: rect.height, align: 'left', lineHeight: 1.2 },
    flags: {},
    ...extra,
  };
}
