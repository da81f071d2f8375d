// A page of many small blocks, not yet laid out, for the abort tests of the
// Node and the browser renderers: enough blocks that drawing them takes well
// over the 10 ms between event-loop turns on a fast, idle machine too (400
// could be drawn before the first turn, and the abort never seen). Plain data
// only, so the browser test page can bundle it.
import type { Page } from '@glossa/core';

export function manyBlocksPage(count = 4000): Page {
  const [width, height] = [1200, 1600];
  const blocks = Array.from({ length: count }, (_, i) => {
    const [x, y] = [(i % 40) * 30, Math.floor(i / 40) * 16];
    const polygon: Page['blocks'][number]['polygon'] = [[x, y], [x + 28, y], [x + 28, y + 14], [x, y + 14]];
    return {
      id: `b${i}`,
      polygon,
      lines: [{ polygon, text: '限时特惠', score: 1 }],
      sourceText: '限时特惠',
      translation: `Limited offer ${i}`,
      direction: 'horizontal' as const,
      style: { color: '#202020', fontSize: 24, align: 'left' as const, lineHeight: 1.2 },
      flags: {},
    };
  });
  return { version: 1, width, height, targetLang: 'en', blocks };
}
