import { describe, expect, it } from 'vitest';
import { createCanvas } from '@napi-rs/canvas';
import { inferBlockStyles, layoutPage, parsePage, rectToPolygon, serializePage, hexToRgb } from '@glossa/core';
import type { Page, Rect, RgbaImage, TextBlock } from '@glossa/core';
import { createCanvasMeasurer } from '../../src/canvas/measurer.js';
import { createCanvasRenderer } from '../../src/canvas/renderer.js';
import { fontFamilyFor, fontStack, registerBundledFonts } from '../../src/canvas/fonts.js';
import { drawText } from '../helpers/draw-text.js';

const measurer = createCanvasMeasurer();
const renderer = createCanvasRenderer();

function solid(width: number, height: number, rgb: [number, number, number]): RgbaImage {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < data.length; i += 4) data.set([...rgb, 255], i);
  return { width, height, data };
}

function block(id: string, rect: Rect, translation: string, style: Partial<TextBlock['style']> = {}, direction: 'horizontal' | 'vertical' = 'horizontal'): TextBlock {
  return {
    id,
    polygon: rectToPolygon(rect),
    lines: [{ polygon: rectToPolygon(rect), text: 'src', score: 1 }],
    sourceText: 'src',
    translation,
    direction,
    style: { color: '#d81e06', fontSize: 40, align: 'center', lineHeight: 1.2, ...style },
    flags: {},
  };
}

function laidOut(blocks: TextBlock[], lang: string, width = 640, height = 400): Page {
  return layoutPage({ version: 1, width, height, targetLang: lang, blocks }, { measurer, fontFamily: (l) => fontFamilyFor(l) });
}

describe('createCanvasRenderer', () => {
  for (const [lang, text, direction] of [
    ['en', 'Limited offer: everything half price today', 'horizontal'],
    ['ko', '한정 특가 전 품목 반값 할인', 'horizontal'],
    ['zh', '限时特惠，全场五折。', 'vertical'],
    ['ja', '期間限定「半額」セール！', 'horizontal'],
  ] as const) {
    it(`${lang} ${direction}: every text pixel lies inside the laid-out box, in the requested colour`, async () => {
      const rect = direction === 'vertical' ? { x: 500, y: 40, width: 90, height: 320 } : { x: 60, y: 120, width: 480, height: 100 };
      const page = laidOut([block('a', rect, text, {}, direction)], lang);
      const bg = solid(640, 400, [250, 250, 250]);
      const out = await renderer.render(bg, page);
      const { box } = page.blocks[0].layout!;
      expect(page.blocks[0].layout!.direction).toBe(direction);
      let changed = 0;
      let outside = 0;
      let strong = 0;
      let close = 0;
      for (let y = 0; y < 400; y++) {
        for (let x = 0; x < 640; x++) {
          const i = (y * 640 + x) * 4;
          const d = Math.abs(out.data[i] - 250) + Math.abs(out.data[i + 1] - 250) + Math.abs(out.data[i + 2] - 250);
          if (d === 0) continue;
          changed++;
          if (x < box.x - 1 || x > box.x + box.width + 1 || y < box.y - 1 || y > box.y + box.height + 1) outside++;
          // Fully covered glyph pixels: compare with the requested #d81e06.
          if (out.data[i + 1] < 40) {
            strong++;
            if (Math.abs(out.data[i] - 0xd8) <= 12 && Math.abs(out.data[i + 1] - 0x1e) <= 12 && Math.abs(out.data[i + 2] - 0x06) <= 12) close++;
          }
        }
      }
      expect(changed).toBeGreaterThan(200);
      expect(outside).toBe(0);
      expect(close / strong).toBeGreaterThan(0.95);
      // The background is not modified.
      expect(bg.data[0]).toBe(250);
    });
  }

  it('draws the outline under the fill', async () => {
    const page = laidOut([block('a', { x: 60, y: 120, width: 480, height: 100 }, 'Outline', { color: '#ffffff', strokeColor: '#000000', strokeWidth: 3 })], 'en');
    const out = await renderer.render(solid(640, 400, [128, 128, 128]), page);
    let white = 0;
    let black = 0;
    for (let i = 0; i < out.data.length; i += 4) {
      if (out.data[i] > 240) white++;
      if (out.data[i] < 15) black++;
    }
    expect(white).toBeGreaterThan(500);
    expect(black).toBeGreaterThan(500);
  });

  it('page JSON round-trip renders pixel-identically', async () => {
    const page = laidOut(
      [block('a', { x: 40, y: 40, width: 400, height: 60 }, '지금 구매하면 무료 배송'), block('b', { x: 40, y: 200, width: 300, height: 50 }, 'Free shipping', { strokeColor: '#ffffff', strokeWidth: 2 })],
      'ko',
    );
    const bg = solid(640, 400, [20, 90, 160]);
    const a = await renderer.render(bg, page);
    const b = await renderer.render(bg, parsePage(serializePage(page)));
    expect(Buffer.from(b.data).equals(Buffer.from(a.data))).toBe(true);
  });
});

describe('glyph coverage', () => {
  const PANGRAMS: Record<string, string> = {
    en: 'The quick brown fox jumps over the lazy dog. 0123456789 !?"\'(),-.:;@#%&*+/=<>[]_{}~$€£¥©®°•…–—“”‘’',
    ko: '키스의 고유조건은 입술끼리 만나야 하고 특별한 기술은 필요치 않다. 다람쥐 헌 쳇바퀴에 타고파. 한글 ㄱㄴㄷ ㅏㅑㅓ 값싼 닭볶음',
    ja: 'いろはにほへと ちりぬるを わかよたれそ つねならむ うゐのおくやま けふこえて あさきゆめみし ゑひもせす。イロハニホヘト「」、。ー・ァィゥッャュョ漢字東京',
    'zh-Hans': '天地玄黄宇宙洪荒日月盈昃辰宿列张寒来暑往秋收冬藏，。、！？：；“”（）《》【】限时特惠全场五折￥起',
    vertical: '\uFE10\uFE11\uFE12\uFE13\uFE14\uFE15\uFE16\uFE35\uFE36\uFE3B\uFE3C\uFE3D\uFE3E\uFE41\uFE42\uFE43\uFE44\uFE19\uFE31',
  };

  function bitmap(ch: string, family: string): string {
    const canvas = createCanvas(48, 48);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 48, 48);
    ctx.fillStyle = '#000';
    ctx.font = `32px ${fontStack(family)}`;
    ctx.textBaseline = 'middle';
    ctx.fillText(ch, 8, 24);
    const d = ctx.getImageData(0, 0, 48, 48).data;
    let s = '';
    for (let i = 0; i < d.length; i += 4) s += d[i] < 128 ? '1' : '0';
    return s;
  }

  for (const [lang, text] of Object.entries(PANGRAMS)) {
    it(`${lang}: no character renders as the missing-glyph box`, () => {
      registerBundledFonts();
      const family = fontFamilyFor(lang === 'vertical' ? 'ja' : lang);
      const missing = new Set([bitmap('\uFFFF', family), bitmap('\uE000', family), bitmap('\u{10FFFD}', family)]);
      const bad = [...new Set(text)].filter((ch) => ch.trim() && missing.has(bitmap(ch, family)));
      expect(bad).toEqual([]);
    });
  }

  it('a Latin word in Korean text renders from the fallback chain, Hangul in an English block too', () => {
    const missing = bitmap('\uFFFF', 'Glossa Sans');
    expect(bitmap('한', 'Glossa Sans')).not.toBe(missing);
    expect(bitmap('国', 'Glossa Sans')).not.toBe(missing);
  });
});

describe('inferBlockStyles on rendered text', () => {
  it('reads the fill colour of plain text', () => {
    const s = drawText(400, 120, [{ text: '限时特惠', x: 40, y: 30, size: 48, color: '#1f6fd1' }], 'gradient');
    const page: Page = { version: 1, width: 400, height: 120, blocks: [{ ...block('a', boundsOf(s.lines[0].polygon), 'Sale'), lines: [{ polygon: s.lines[0].polygon, text: '限时特惠', score: 1 }] }] };
    const styled = inferBlockStyles(page, s.image, s.background).blocks[0].style;
    const c = hexToRgb(styled.color)!;
    expect(Math.hypot(c[0] - 0x1f, c[1] - 0x6f, c[2] - 0xd1)).toBeLessThan(30);
    expect(styled.strokeColor).toBeUndefined();
  });

  it('finds an outline and its colour', () => {
    const s = drawText(500, 140, [{ text: '全场五折', x: 40, y: 30, size: 64, color: '#ffe000', stroke: { color: '#b00000', width: 8 } }], 'photo');
    const page: Page = { version: 1, width: 500, height: 140, blocks: [{ ...block('a', inflate(boundsOf(s.lines[0].polygon), 5), 'Half price'), lines: [{ polygon: rectToPolygon(inflate(boundsOf(s.lines[0].polygon), 5)), text: '全场五折', score: 1 }] }] };
    const styled = inferBlockStyles(page, s.image, s.background).blocks[0].style;
    const fill = hexToRgb(styled.color)!;
    const stroke = hexToRgb(styled.strokeColor!)!;
    expect(Math.hypot(fill[0] - 0xff, fill[1] - 0xe0, fill[2] - 0x00)).toBeLessThan(40);
    expect(Math.hypot(stroke[0] - 0xb0, stroke[1], stroke[2])).toBeLessThan(40);
    expect(styled.strokeWidth).toBeGreaterThanOrEqual(2);
    expect(styled.strokeWidth).toBeLessThanOrEqual(6);
  });

  it('reads white text across two panels as white, not as an outlined panel colour', () => {
    // A title set across a red and a black panel: the ground has two colours,
    // and the larger one (black) must not be taken for the fill.
    registerBundledFonts();
    const canvas = createCanvas(520, 120);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#b8302c';
    ctx.fillRect(0, 0, 250, 120);
    ctx.fillStyle = '#3a3b3f';
    ctx.fillRect(250, 0, 270, 120);
    ctx.fillStyle = '#ffffff';
    ctx.font = `bold 40px ${fontStack(fontFamilyFor('zh', true))}`;
    ctx.textBaseline = 'top';
    ctx.fillText('2021热销 10代强芯轻薄本', 30, 40);
    const width = ctx.measureText('2021热销 10代强芯轻薄本').width;
    const image: RgbaImage = { width: 520, height: 120, data: new Uint8ClampedArray(ctx.getImageData(0, 0, 520, 120).data) };
    // A tight box: glyph tops and bottoms touch its border.
    const rect = { x: 30, y: 42, width: Math.round(width), height: 36 };
    const page: Page = { version: 1, width: 520, height: 120, blocks: [{ ...block('a', rect, 'Bestseller'), lines: [{ polygon: rectToPolygon(rect), text: 'x', score: 1 }] }] };
    const styled = inferBlockStyles(page, image).blocks[0].style;
    const fill = hexToRgb(styled.color)!;
    expect(Math.min(...fill)).toBeGreaterThan(200);
    expect(styled.strokeColor).toBeUndefined();
  });

  it('reads tilted black text in a white balloon on a grey page as black', () => {
    // A callout: a white balloon on grey, hugging black text rotated 20
    // degrees. The tilted line's bounding box takes in grey page at its corners.
    registerBundledFonts();
    const canvas = createCanvas(400, 260);
    const ctx = canvas.getContext('2d');
    const angle = (20 * Math.PI) / 180;
    ctx.font = `bold 40px ${fontStack(fontFamilyFor('zh', true))}`;
    const w = ctx.measureText('冬季加绒').width;
    const corner = (x: number, y: number): [number, number] => [120 + x * Math.cos(angle) - y * Math.sin(angle), 90 + x * Math.sin(angle) + y * Math.cos(angle)];
    ctx.fillStyle = '#c4c4c2';
    ctx.fillRect(0, 0, 400, 260);
    ctx.fillStyle = '#ffffff';
    ctx.beginPath();
    ctx.ellipse(...corner(w / 2, 21), w / 2 + 22, 36, angle, 0, 2 * Math.PI);
    ctx.fill();
    ctx.translate(120, 90);
    ctx.rotate(angle);
    ctx.fillStyle = '#0a0a0a';
    ctx.textBaseline = 'top';
    ctx.fillText('冬季加绒', 0, 0);
    const image: RgbaImage = { width: 400, height: 260, data: new Uint8ClampedArray(ctx.getImageData(0, 0, 400, 260).data) };
    // The line's polygon: the text's rotated box.
    const polygon = [corner(0, -2), corner(w, -2), corner(w, 44), corner(0, 44)];
    const page: Page = { version: 1, width: 400, height: 260, blocks: [{ ...block('a', boundsOf(polygon), 'Winter fleece'), polygon, lines: [{ polygon, text: '冬季加绒', score: 1 }] }] };
    const styled = inferBlockStyles(page, image).blocks[0].style;
    const fill = hexToRgb(styled.color)!;
    expect(Math.max(...fill)).toBeLessThan(60);
    expect(styled.strokeColor).toBeUndefined();
  });

  it('keeps the designer\'s contrast: a red price on orange gets no outline it did not have', () => {
    const s = drawText(400, 120, [{ text: '仅需¥199', x: 40, y: 30, size: 48, color: '#d8283d' }], 'white');
    // The same picture on orange, as the poster had it, and its erased
    // background: white becomes orange, the red ink stays, edges blend.
    const orange = (img: RgbaImage) => {
      const out = { ...img, data: new Uint8ClampedArray(img.data) };
      for (let i = 0; i < out.data.length; i += 4) {
        const t = Math.min(1, (255 - out.data[i + 1]) / (255 - 0x28));
        out.data.set([0xff + t * (0xd8 - 0xff), 0xb0 + t * (0x28 - 0xb0), 0x40 + t * (0x3d - 0x40)].map(Math.round), i);
      }
      return out;
    };
    const image = orange(s.image);
    const background = orange(s.background);
    const page: Page = { version: 1, width: 400, height: 120, blocks: [{ ...block('a', boundsOf(s.lines[0].polygon), 'Only ¥199'), lines: [{ polygon: s.lines[0].polygon, text: '仅需¥199', score: 1 }] }] };
    const styled = inferBlockStyles(page, image, background).blocks[0].style;
    expect(styled.strokeColor).toBeUndefined();
    const fill = hexToRgb(styled.color)!;
    expect(Math.hypot(fill[0] - 0xd8, fill[1] - 0x28, fill[2] - 0x3d)).toBeLessThan(40);
  });

  it('reads a thick outline as an outline, not as a drop shadow, when the line box cuts it', () => {
    const s = drawText(560, 180, [{ text: '益智拼装', x: 40, y: 40, size: 96, color: '#fefe02', stroke: { color: '#111111', width: 12 } }], 'photo');
    // The detector's box: the glyphs' own box, which cuts the outline's rim.
    const page: Page = { version: 1, width: 560, height: 180, blocks: [{ ...block('a', boundsOf(s.lines[0].polygon), 'Build kit'), lines: [{ polygon: s.lines[0].polygon, text: '益智拼装', score: 1 }] }] };
    const styled = inferBlockStyles(page, s.image, s.background).blocks[0].style;
    expect(styled.shadow).toBeUndefined();
    const stroke = hexToRgb(styled.strokeColor!)!;
    expect(Math.max(...stroke)).toBeLessThan(60);
    expect(styled.strokeWidth).toBeGreaterThanOrEqual(4);
    const fill = hexToRgb(styled.color)!;
    expect(Math.hypot(fill[0] - 0xfe, fill[1] - 0xfe, fill[2] - 0x02)).toBeLessThan(40);
  });

  it('adds a contrasting outline when the fill is close to the background', () => {
    const s = drawText(400, 120, [{ text: '新品上市', x: 40, y: 30, size: 48, color: '#c8c8c8' }], 'white');
    const page: Page = { version: 1, width: 400, height: 120, blocks: [{ ...block('a', boundsOf(s.lines[0].polygon), 'New'), lines: [{ polygon: s.lines[0].polygon, text: '新品上市', score: 1 }] }] };
    const styled = inferBlockStyles(page, s.image, s.background).blocks[0].style;
    expect(styled.strokeColor).toBe('#000000');
    expect(styled.strokeWidth).toBeGreaterThan(0);
  });
});

function boundsOf(polygon: [number, number][]): Rect {
  const xs = polygon.map((p) => p[0]);
  const ys = polygon.map((p) => p[1]);
  const x = Math.floor(Math.min(...xs));
  const y = Math.floor(Math.min(...ys));
  return { x, y, width: Math.ceil(Math.max(...xs)) - x, height: Math.ceil(Math.max(...ys)) - y };
}
function inflate(r: Rect, by: number): Rect {
  return { x: r.x - by, y: r.y - by, width: r.width + 2 * by, height: r.height + 2 * by };
}
