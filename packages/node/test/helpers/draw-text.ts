// Test images made by the tests themselves: text drawn with the bundled fonts
// on a chosen background, with the exact boxes and the clean background kept
// as ground truth. Shared by the OCR, erasure and rendering tests.
import { createCanvas } from '@napi-rs/canvas';
import type { RgbaImage, Polygon } from '@glossa/core';
import { registerBundledFonts, fontFamilyFor } from '../../src/canvas/fonts.js';

export type Background = 'white' | 'flat' | 'gradient' | 'noise' | 'photo';

export interface DrawnLine {
  text: string;
  /** Tight polygon around the drawn glyphs (after rotation). */
  polygon: Polygon;
}

export interface TextSpec {
  text: string;
  x: number;
  y: number;
  size: number;
  color?: string;
  lang?: string;
  /** Rotation in degrees around the line's top-left. */
  rotate?: number;
  /** One character per row, top to bottom. */
  vertical?: boolean;
  stroke?: { color: string; width: number };
}

export interface Synthetic {
  image: RgbaImage;
  /** The same picture without the text. */
  background: RgbaImage;
  lines: DrawnLine[];
}

/** Deterministic pseudo-random numbers (mulberry32) so tests are repeatable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function paintBackground(ctx: ReturnType<ReturnType<typeof createCanvas>['getContext']>, w: number, h: number, kind: Background, seed: number): void {
  const rand = rng(seed);
  if (kind === 'white') {
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, w, h);
  } else if (kind === 'flat') {
    ctx.fillStyle = '#f3d9a4';
    ctx.fillRect(0, 0, w, h);
  } else if (kind === 'gradient') {
    const g = ctx.createLinearGradient(0, 0, w, h);
    g.addColorStop(0, '#fde2e4');
    g.addColorStop(1, '#bee1e6');
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, w, h);
  } else {
    // 'noise': fine grain; 'photo': soft blobs plus grain, like a product shot.
    ctx.fillStyle = '#d8d0c0';
    ctx.fillRect(0, 0, w, h);
    if (kind === 'photo') {
      for (let i = 0; i < 40; i++) {
        const r = 20 + rand() * 120;
        const g = ctx.createRadialGradient(rand() * w, rand() * h, 0, rand() * w, rand() * h, r);
        const c = `${Math.floor(120 + rand() * 120)},${Math.floor(100 + rand() * 120)},${Math.floor(80 + rand() * 120)}`;
        g.addColorStop(0, `rgba(${c},0.8)`);
        g.addColorStop(1, `rgba(${c},0)`);
        ctx.fillStyle = g;
        ctx.fillRect(0, 0, w, h);
      }
    }
    const img = ctx.getImageData(0, 0, w, h);
    for (let i = 0; i < img.data.length; i += 4) {
      const n = (rand() - 0.5) * 30;
      img.data[i] += n;
      img.data[i + 1] += n;
      img.data[i + 2] += n;
    }
    ctx.putImageData(img, 0, 0);
  }
}

/** Draws `specs` on a `width` x `height` background and returns the image, the clean background and each line's polygon. */
export function drawText(width: number, height: number, specs: TextSpec[], background: Background = 'white', seed = 1): Synthetic {
  registerBundledFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  paintBackground(ctx, width, height, background, seed);
  const clean = ctx.getImageData(0, 0, width, height);
  const lines: DrawnLine[] = [];
  for (const spec of specs) {
    ctx.save();
    ctx.font = `${spec.size}px "${fontFamilyFor(spec.lang ?? 'zh')}"`;
    ctx.textBaseline = 'alphabetic';
    ctx.fillStyle = spec.color ?? '#111111';
    const chars = spec.vertical ? [...spec.text] : [spec.text];
    let boxW = 0;
    let boxH = 0;
    const rows: { text: string; dy: number; w: number }[] = [];
    for (const t of chars) {
      const m = ctx.measureText(t);
      const rowH = spec.vertical ? spec.size * 1.1 : m.actualBoundingBoxAscent + m.actualBoundingBoxDescent;
      rows.push({ text: t, dy: boxH, w: m.width });
      boxW = Math.max(boxW, m.width);
      boxH += rowH;
    }
    const ascent = spec.vertical ? spec.size * 0.88 : ctx.measureText(spec.text).actualBoundingBoxAscent;
    const angle = ((spec.rotate ?? 0) * Math.PI) / 180;
    ctx.translate(spec.x, spec.y);
    ctx.rotate(angle);
    for (const row of rows) {
      const dx = spec.vertical ? (boxW - row.w) / 2 : 0;
      if (spec.stroke) {
        ctx.strokeStyle = spec.stroke.color;
        ctx.lineWidth = spec.stroke.width;
        ctx.lineJoin = 'round';
        ctx.strokeText(row.text, dx, row.dy + ascent);
      }
      ctx.fillText(row.text, dx, row.dy + ascent);
    }
    ctx.restore();
    const cos = Math.cos(angle);
    const sin = Math.sin(angle);
    const corner = (px: number, py: number): [number, number] => [spec.x + px * cos - py * sin, spec.y + px * sin + py * cos];
    lines.push({ text: spec.text, polygon: [corner(0, 0), corner(boxW, 0), corner(boxW, boxH), corner(0, boxH)] });
  }
  const drawn = ctx.getImageData(0, 0, width, height);
  return {
    image: { width, height, data: new Uint8ClampedArray(drawn.data) },
    background: { width, height, data: new Uint8ClampedArray(clean.data) },
    lines,
  };
}
