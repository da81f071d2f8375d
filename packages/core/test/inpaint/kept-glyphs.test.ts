import { createCanvas } from '@napi-rs/canvas';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontFamilyFor, registerBundledFonts } from '../../../node/src/canvas/fonts.js';
import { createClassicalInpainter } from '../../src/inpaint/classical.js';
import { directionalFill } from '../../src/inpaint/directional-fill.js';
import { glyphsSurvive } from '../../src/inpaint/glyph-check.js';
import { patchMatchFill } from '../../src/inpaint/patch-match.js';
import { harmonicFill } from '../../src/inpaint/smooth-fill.js';
import { createMask, type Mask, type RgbaImage } from '../../src/image/rgba-image.js';
import { fillPolygon } from '../../src/mask/mask-ops.js';
import { psnr } from './helpers/psnr.js';

/**
 * A bold white title on a purple backdrop crossed by thin gold lines (so no
 * plane fits the surroundings and the fast path refuses), drawn with and
 * without the title; the hole is the title's ink box, as a dataset's word
 * quadrilateral hugs it. The letters' bars run along the box's top and bottom
 * edges, so white is the commonest colour of the hole's border. Without
 * the lines (`crossed` false) the backdrop is flat and the plane fits.
 */
function boldTitleInBox(crossed = true): { image: RgbaImage; clean: RgbaImage; mask: Mask } {
  const W = 420, H = 200;
  const text = 'EEEE';
  const draw = (withText: boolean): RgbaImage => {
    const canvas = createCanvas(W, H);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#6a2aa0';
    ctx.fillRect(0, 0, W, H);
    ctx.strokeStyle = '#e0a040';
    ctx.lineWidth = 3;
    for (let k = -400; k < (crossed ? 800 : -400); k += 70) {
      ctx.beginPath();
      ctx.moveTo(k, 0);
      ctx.lineTo(k + 200, H);
      ctx.stroke();
    }
    if (withText) {
      ctx.font = `96px "${fontFamilyFor('en', true)}"`;
      ctx.fillStyle = '#ffffff';
      ctx.fillText(text, 20, 140);
    }
    return { width: W, height: H, data: new Uint8ClampedArray(ctx.getImageData(0, 0, W, H).data) };
  };
  const image = draw(true);
  const clean = draw(false);
  // The ink box: every pixel the title changed.
  let x0 = W, y0 = H, x1 = 0, y1 = 0;
  for (let i = 0; i < W * H; i++) {
    if (Math.abs(image.data[i * 4] - clean.data[i * 4]) <= 24) continue;
    const x = i % W, y = (i - x) / W;
    x0 = Math.min(x0, x); x1 = Math.max(x1, x); y0 = Math.min(y0, y); y1 = Math.max(y1, y);
  }
  const mask = createMask(W, H);
  fillPolygon(mask, [[x0, y0], [x1 + 1, y0], [x1 + 1, y1 + 1], [x0, y1 + 1]]);
  return { image, clean, mask };
}

/** Share of the hole that is near-white (the title's colour; neither the purple nor the gold is). */
function whiteShare(img: RgbaImage, mask: Mask): number {
  let white = 0, n = 0;
  for (let i = 0; i < mask.data.length; i++) {
    if (!mask.data[i]) continue;
    n++;
    if (img.data[i * 4] > 225 && img.data[i * 4 + 1] > 225 && img.data[i * 4 + 2] > 225) white++;
  }
  return white / n;
}

describe('the inpainter never hands back the glyphs', () => {
  beforeAll(() => {
    registerBundledFonts();
  });

  // Measured: directional 24.4 dB, membrane 20.5 dB in the hole (the gold lines crossing the box are what is lost).
  for (const [textured, bound] of [['directional', 22], ['membrane', 18]] as const) {
    it(`fills a bold title that fills a box-like hole (${textured}): the title does not survive`, async () => {
      const { image, clean, mask } = boldTitleInBox();
      expect(whiteShare(image, mask)).toBeGreaterThan(0.25);
      const out = await createClassicalInpainter({ textured }).inpaint(image, mask);
      // Taking the border's commonest colour (white) for the background kept the glyphs and spread them: 97 % of the box white, 3.4 dB.
      expect(whiteShare(out, mask)).toBeLessThan(0.01);
      expect(psnr(out, clean, mask)).toBeGreaterThan(bound);
    });
  }
});

describe('glyphsSurvive', () => {
  /** A 60x40 crop: purple around a 40x20 hole at (10, 10); inside it, white strokes (rows 14..15 and 24..25) or a dark plate. */
  function crop(inside: 'strokes' | 'plate'): { rgb: Float32Array; hole: Uint8Array } {
    const w = 60, h = 40;
    const rgb = new Float32Array(w * h * 3);
    const hole = new Uint8Array(w * h);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const i = y * w + x;
        const inHole = x >= 10 && x < 50 && y >= 10 && y < 30;
        hole[i] = inHole ? 1 : 0;
        let c = [106, 42, 160];
        if (inHole && inside === 'strokes' && (y === 14 || y === 15 || y === 24 || y === 25 || x % 10 === 0)) c = [255, 255, 255];
        if (inHole && inside === 'plate') c = [20, 20, 20];
        rgb.set(c, i * 3);
      }
    return { rgb, hole };
  }
  const paint = (rgb: Float32Array, hole: Uint8Array, c: number[]): Float32Array => {
    const out = rgb.slice();
    for (let i = 0; i < hole.length; i++) if (hole[i]) out.set(c, i * 3);
    return out;
  };

  it('says when a fill kept the strokes, and not when it took the surroundings', () => {
    const { rgb, hole } = crop('strokes');
    expect(glyphsSurvive(rgb, rgb, hole, 60, 40)).toBe(true);
    expect(glyphsSurvive(rgb, paint(rgb, hole, [240, 240, 240]), hole, 60, 40)).toBe(true);
    expect(glyphsSurvive(rgb, paint(rgb, hole, [106, 42, 160]), hole, 60, 40)).toBe(false);
  });

  it('leaves a plate as thick as the hole alone (a sign kept on purpose)', () => {
    const { rgb, hole } = crop('plate');
    expect(glyphsSurvive(rgb, rgb, hole, 60, 40)).toBe(false);
  });
});

/**
 * The check runs after every path, each refused fill going to the next one
 * (plane -> box background -> the chosen fill of the whole hole -> membrane).
 * Each path's fill of the bold title's box is checked here both ways: what
 * the path gives when it hands the glyphs back (it fills only the pixels
 * around the letters, as a box-background rule taking white for background
 * would) is refused, and its fill of the whole hole is accepted.
 */
describe('every fill path is checked', () => {
  beforeAll(() => {
    registerBundledFonts();
  });

  /** The title's box as a crop: RGB samples, the hole, the letters (near-white pixels in it). */
  function boxCrop(): { rgb: Float32Array; hole: Uint8Array; around: Uint8Array; w: number; h: number } {
    const { image, mask } = boldTitleInBox();
    const { width: w, height: h } = image;
    const rgb = new Float32Array(w * h * 3);
    const hole = new Uint8Array(w * h);
    const around = new Uint8Array(w * h);
    for (let i = 0; i < w * h; i++) {
      for (let c = 0; c < 3; c++) rgb[i * 3 + c] = image.data[i * 4 + c];
      hole[i] = mask.data[i] ? 1 : 0;
      const white = image.data[i * 4] > 200 && image.data[i * 4 + 1] > 200 && image.data[i * 4 + 2] > 200;
      around[i] = hole[i] && !white ? 1 : 0;
    }
    return { rgb, hole, around, w, h };
  }

  const paths: Record<string, (rgb: Float32Array, hole: Uint8Array, w: number, h: number) => Promise<void>> = {
    directional: (rgb, hole, w, h) => directionalFill(rgb, hole, w, h),
    membrane: (rgb, hole, w, h) => harmonicFill(rgb, hole, w, h, 3),
    exemplar: (rgb, hole, w, h) => patchMatchFill(rgb, hole, w, h, { seed: 1 }),
  };
  for (const [name, fill] of Object.entries(paths)) {
    it(`refuses a ${name} fill that keeps the letters and accepts one of the whole hole`, async () => {
      const { rgb, hole, around, w, h } = boxCrop();
      const keeping = rgb.slice();
      await fill(keeping, around, w, h);
      expect(glyphsSurvive(rgb, keeping, hole, w, h)).toBe(true);
      const whole = rgb.slice();
      await fill(whole, hole, w, h);
      expect(glyphsSurvive(rgb, whole, hole, w, h)).toBe(false);
    });
  }

  it('refuses a plane fitted to a ring of the letters\' colour and accepts one of the surroundings', () => {
    const { rgb, hole, w, h } = boxCrop();
    const paint = (c: number[]): Float32Array => {
      const out = rgb.slice();
      for (let i = 0; i < hole.length; i++) if (hole[i]) out.set(c, i * 3);
      return out;
    };
    // What the flat path writes is one plane: the letters' white when the ring it saw was the title's own fill.
    expect(glyphsSurvive(rgb, paint([250, 250, 250]), hole, w, h)).toBe(true);
    expect(glyphsSurvive(rgb, paint([106, 42, 160]), hole, w, h)).toBe(false);
  });

  // Measured in the hole: 99 dB on the flat backdrop (the plane is exact), 20.5 dB with the exemplar fill (the gold lines are what is lost).
  it('erases the title through the flat path and through the exemplar fill', async () => {
    const flat = boldTitleInBox(false);
    const plane = await createClassicalInpainter().inpaint(flat.image, flat.mask);
    expect(whiteShare(plane, flat.mask)).toBeLessThan(0.01);
    expect(psnr(plane, flat.clean, flat.mask)).toBeGreaterThan(60);
    const { image, clean, mask } = boldTitleInBox();
    const exemplar = await createClassicalInpainter({ textured: 'exemplar' }).inpaint(image, mask);
    expect(whiteShare(exemplar, mask)).toBeLessThan(0.01);
    expect(psnr(exemplar, clean, mask)).toBeGreaterThan(18.5);
  });
});
