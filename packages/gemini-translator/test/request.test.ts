import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { createImage, resizeImage, type RgbaImage } from '@glossa/core';
import { wellBehaved } from './helpers/fake-gemini.js';
import { setup, zhItems } from './helpers/setup.js';

/** A 2000×1200 test page: a gradient with a dark "text" bar, half transparent in one corner. */
function page(): RgbaImage {
  const image = createImage(2000, 1200);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < image.width; x++) {
      const i = (y * image.width + x) * 4;
      const bar = y > 500 && y < 700 && x > 300 && x < 1700;
      image.data[i] = bar ? 20 : (x * 255) / image.width;
      image.data[i + 1] = bar ? 20 : (y * 255) / image.height;
      image.data[i + 2] = bar ? 20 : 128;
      image.data[i + 3] = x < 100 && y < 100 ? 0 : 255;
    }
  }
  return image;
}

describe('the request sent to generateContent', () => {
  it('carries a JSON schema, the system instruction, the glossary and the previous pages', async () => {
    const { server, translator } = await setup(wellBehaved, { glossary: { 优惠: '할인', 包邮: '무료 배송', 手机: '휴대폰' } });
    const items = zhItems('限时优惠', '全场包邮', '新品上市');
    await translator.translate({
      items,
      sourceLang: 'zh',
      targetLang: 'ko',
      context: {
        glossary: { 优惠: '특가' }, // overrides the translator-wide entry
        previous: [
          { source: '欢迎光临', translation: '어서 오세요' },
          { source: '会员专享', translation: '회원 전용' },
        ],
      },
    });
    const { body, payload, headers } = server.requests[0];
    expect(headers['content-type']).toContain('application/json');

    const config = body.generationConfig!;
    expect(config.responseMimeType).toBe('application/json');
    expect(config.temperature).toBeUndefined(); // the model's default unless asked
    const schema = config.responseJsonSchema;
    expect(schema).toMatchObject({ type: 'array', minItems: 3, maxItems: 3 });
    expect(schema.items.required).toEqual(['id', 'text']);
    expect(schema.items.properties.id.enum).toEqual(['1', '2', '3']);

    const system = body.systemInstruction!.parts[0].text;
    expect(system).toContain('Chinese (zh)');
    expect(system).toContain('Korean (ko)');
    expect(system).toMatch(/exactly one object/);

    // Only the terms that occur in the batch, with the request's override winning.
    expect(payload.glossary).toEqual([
      { term: '优惠', translation: '특가' },
      { term: '包邮', translation: '무료 배송' },
    ]);
    expect(payload.previous).toEqual([
      { source: '欢迎光临', translation: '어서 오세요' },
      { source: '会员专享', translation: '회원 전용' },
    ]);
    expect(payload.items).toEqual([
      { id: '1', text: '限时优惠' },
      { id: '2', text: '全场包邮' },
      { id: '3', text: '新品上市' },
    ]);
    expect(payload.sourceLanguage).toBe('zh');
    expect(payload.targetLanguage).toBe('ko');
    // No image part unless one is given.
    expect(body.contents[0].parts.some((p) => p.inlineData)).toBe(false);
  });

  it('attaches the page image as a PNG downscaled to at most 1024 px, composited over white', async () => {
    const { server, translator } = await setup(wellBehaved);
    const image = page();
    const before = image.data.slice();
    await translator.translate({ items: zhItems('立即购买'), targetLang: 'ko', context: { image } });
    // The caller's image is untouched (compared by hand: deep equality of 10 M elements is slow).
    expect(image.data.every((v, i) => v === before[i])).toBe(true);

    const parts = server.requests[0].body.contents[0].parts;
    expect(parts[0].inlineData?.mimeType).toBe('image/png');
    expect(parts[1].text).toBeDefined(); // the image comes first, then the JSON document
    const png = Buffer.from(parts[0].inlineData!.data, 'base64');
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height, info.channels]).toEqual([1024, 614, 3]);

    // The pixels are the core resize of the page (transparent corner shown as white).
    const expected = resizeImage(image, 1024, 614);
    let worst = 0;
    for (let p = 0; p < 1024 * 614; p++) {
      const a = expected.data[p * 4 + 3];
      for (let c = 0; c < 3; c++) {
        const want = Math.round((expected.data[p * 4 + c] * a + 255 * (255 - a)) / 255);
        worst = Math.max(worst, Math.abs(data[p * 3 + c] - want));
      }
    }
    expect(worst).toBeLessThanOrEqual(1);
    expect(data[0]).toBe(255); // the transparent corner
  });

  it('does not send the image with sendImage: false', async () => {
    const { server, translator } = await setup(wellBehaved, { sendImage: false });
    await translator.translate({ items: zhItems('立即购买'), targetLang: 'ko', context: { image: page() } });
    expect(server.requests[0].body.contents[0].parts).toHaveLength(1);
  });

  it('limits previous-page context to the newest pairs', async () => {
    const { server, translator } = await setup(wellBehaved);
    const previous = Array.from({ length: 100 }, (_, i) => ({ source: `源${i}`, translation: `번역${i}` }));
    await translator.translate({ items: zhItems('立即购买'), targetLang: 'ko', context: { previous } });
    const sent = server.requests[0].payload.previous!;
    expect(sent).toHaveLength(40);
    expect(sent[39]).toEqual({ source: '源99', translation: '번역99' });
    expect(sent[0]).toEqual({ source: '源60', translation: '번역60' });
  });
});
