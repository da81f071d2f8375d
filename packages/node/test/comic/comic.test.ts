import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildBubbleMask,
  createBubbleBlocks,
  createComicOcr,
  findBubbles,
  layoutBalloonPage,
  type PaddleOcr,
  type Page,
  type Polygon,
} from '@glossa/core';
import { createCanvasMeasurer, createNodeInpainter, createNodeOcr, createTesseractReader, fontFamilyFor, type TesseractReader } from '../../src/index.js';
import { characterErrorRate } from '../ocr/helpers.js';
import { drawPanel, insideEllipse } from './draw-panel.js';

// Real PP-OCR detection and tesseract.js (jpn_vert) on a panel drawn here.
const panel = drawPanel(720, 480, [
  { cx: 560, cy: 150, rx: 95, ry: 120, columns: ['今日は', 'いい天気', 'ですね'], size: 30 },
  { cx: 200, cy: 170, rx: 85, ry: 125, columns: ['本当に', 'そうだね'], size: 32 },
]);
let paddle: PaddleOcr;
let reader: TesseractReader;
beforeAll(async () => {
  paddle = await createNodeOcr({ device: 'cpu', threads: 2 });
  reader = createTesseractReader({ workers: 2 });
});
afterAll(async () => {
  await reader?.dispose();
  await paddle?.dispose();
});

describe('comic panels', () => {
  it('finds each balloon, with its text area inside it', async () => {
    const bubbles = findBubbles(panel.image, await paddle.detect(panel.image));
    const balloons = bubbles.filter((b) => b.kind === 'balloon');
    expect(balloons).toHaveLength(2);
    for (const drawn of panel.balloons) {
      const found = balloons.find((b) => insideEllipse(drawn, b.textArea.x + b.textArea.width / 2, b.textArea.y + b.textArea.height / 2));
      expect(found, `balloon at ${drawn.cx},${drawn.cy}`).toBeDefined();
      expect(found!.direction).toBe('vertical');
      const { x, y, width, height } = found!.textArea;
      for (const [px, py] of [[x, y], [x + width, y], [x, y + height], [x + width, y + height]]) expect(insideEllipse(drawn, px, py)).toBe(true);
    }
  });

  it('reads the vertical text of each balloon (CER <= 0.2), in reading order', async () => {
    const lines = await createComicOcr({ detector: paddle, reader }).recognize(panel.image);
    // Right balloon first: manga reads right to left.
    expect(lines).toHaveLength(2);
    expect(lines[0].bubble.textArea.x).toBeGreaterThan(lines[1].bubble.textArea.x);
    const read = panel.balloons.map((b) => lines.find((l) => insideEllipse(b, l.bubble.textArea.x + l.bubble.textArea.width / 2, l.bubble.textArea.y + l.bubble.textArea.height / 2))?.text ?? '');
    const cer = characterErrorRate(panel.balloons.map((b, i) => ({ drawn: { text: b.text, polygon: [] }, found: { text: read[i], polygon: [], score: 1 }, iou: 1 })));
    expect(cer).toBeLessThanOrEqual(0.2);
  });

  it('clears the inside of each balloon and keeps its outline', async () => {
    const lines = await createComicOcr({ detector: paddle, reader }).recognize(panel.image);
    const blocks = createBubbleBlocks(lines);
    const mask = buildBubbleMask(panel.image, blocks);
    const inpainter = await createNodeInpainter({ inpainter: 'classical' });
    const erased = await inpainter.inpaint(panel.image, mask);
    await inpainter.dispose?.();
    for (const b of panel.balloons) {
      let before = 0;
      let after = 0;
      let outline = 0;
      let outlineKept = 0;
      for (let y = 0; y < panel.image.height; y++) {
        for (let x = 0; x < panel.image.width; x++) {
          const i = (y * panel.image.width + x) * 4;
          if (insideEllipse(b, x, y, 4)) {
            if (luma(panel.image.data, i) < 110) before++;
            if (luma(erased.data, i) < 110) after++;
          } else if (insideEllipse(b, x, y, -1) && !insideEllipse(b, x, y, 1) && luma(panel.image.data, i) < 110) {
            outline++;
            if (luma(erased.data, i) < 110) outlineKept++;
          }
        }
      }
      expect(before).toBeGreaterThan(200);
      expect(after / before).toBeLessThan(0.02);
      expect(outlineKept / outline).toBeGreaterThan(0.95);
    }
  });

  it('sets the English inside the balloon shape without overflow', async () => {
    const lines = await createComicOcr({ detector: paddle, reader }).recognize(panel.image);
    const blocks = createBubbleBlocks(lines).map((b, i) => ({ ...b, translation: ['Nice weather today, isn’t it? Extraordinarily pleasant!', 'It really is.'][i] }));
    const page: Page = { version: 1, width: panel.image.width, height: panel.image.height, targetLang: 'en', blocks };
    const laidOut = layoutBalloonPage(page, { measurer: createCanvasMeasurer(), targetLang: 'en', fontFamily: (lang) => fontFamilyFor(lang) });
    for (const block of laidOut.blocks) {
      expect(block.flags.overflow).toBeFalsy();
      expect(block.layout?.direction).toBe('horizontal');
      for (const line of block.layout!.lines) {
        for (const [x, y] of [[line.x, line.y], [line.x + line.width, line.y], [line.x, line.y + line.height], [line.x + line.width, line.y + line.height]]) {
          expect(inside(block.balloon!, x, y), `${line.text} at ${x.toFixed(0)},${y.toFixed(0)}`).toBe(true);
        }
      }
    }
    // The long word was hyphenated or fits whole; every word is there.
    const words = laidOut.blocks[0].layout!.lines.map((l) => l.text).join(' ').replace(/- /g, '');
    expect(words).toBe('Nice weather today, isn’t it? Extraordinarily pleasant!');
  });
});

function luma(d: Uint8ClampedArray, i: number): number {
  return 0.299 * d[i] + 0.587 * d[i + 1] + 0.114 * d[i + 2];
}

/** Even-odd point in polygon. */
function inside(polygon: Polygon, x: number, y: number): boolean {
  let c = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i];
    const [xj, yj] = polygon[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}
