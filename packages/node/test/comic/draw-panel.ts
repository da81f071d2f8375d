// A comic panel drawn by the test: hatched artwork inside a panel border, and
// oval speech balloons (white, black outline) holding vertical Japanese set in
// the bundled JP font, columns right to left. The balloons' ellipses are kept
// as ground truth.
import { createCanvas } from '@napi-rs/canvas';
import type { RgbaImage } from '@glossa/core';
import { fontFamilyFor, registerBundledFonts } from '../../src/canvas/fonts.js';

export interface DrawnBalloon {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** The text, columns joined in reading order. */
  text: string;
}

export interface BalloonSpec {
  cx: number;
  cy: number;
  rx: number;
  ry: number;
  /** Columns, right to left. */
  columns: string[];
  size: number;
}

export function drawPanel(width: number, height: number, balloons: BalloonSpec[]): { image: RgbaImage; balloons: DrawnBalloon[] } {
  const { ctx } = paper(width, height);
  // Artwork: diagonal hatching and a few shapes inside the panel border.
  hatch(ctx, width, height, '#555555', 1, 9);
  ctx.fillStyle = '#333333';
  ctx.beginPath();
  ctx.arc(width * 0.5, height * 0.85, height * 0.12, 0, Math.PI * 2);
  ctx.fill();
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 4;
  ctx.strokeRect(10, 10, width - 20, height - 20);
  for (const b of balloons) {
    ctx.beginPath();
    ctx.ellipse(b.cx, b.cy, b.rx, b.ry, 0, 0, Math.PI * 2);
    ctx.fillStyle = '#ffffff';
    ctx.fill();
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000000';
    ctx.stroke();
    ctx.fillStyle = '#000000';
    ctx.font = `${b.size}px "${fontFamilyFor('ja')}"`;
    ctx.textBaseline = 'top';
    const step = b.size * 1.3;
    const tallest = Math.max(...b.columns.map((c) => Array.from(c).length)) * b.size;
    const x0 = b.cx + ((b.columns.length - 1) * step) / 2 - b.size / 2;
    b.columns.forEach((column, i) => {
      Array.from(column).forEach((ch, j) => {
        const w = ctx.measureText(ch).width;
        ctx.fillText(ch, x0 - i * step + (b.size - w) / 2, b.cy - tallest / 2 + j * b.size);
      });
    });
  }
  const data = ctx.getImageData(0, 0, width, height);
  return {
    image: { width, height, data: new Uint8ClampedArray(data.data) },
    balloons: balloons.map((b) => ({ cx: b.cx, cy: b.cy, rx: b.rx, ry: b.ry, text: b.columns.join('') })),
  };
}

/** Whether (x, y) lies inside the ellipse shrunk by `margin` pixels. */
export function insideEllipse(b: DrawnBalloon, x: number, y: number, margin = 0): boolean {
  const rx = b.rx - margin;
  const ry = b.ry - margin;
  return ((x - b.cx) / rx) ** 2 + ((y - b.cy) / ry) ** 2 <= 1;
}

/** One column of vertical Japanese on white, with a margin: what a reader gets from a balloon. */
export function drawColumn(text: string, size: number): RgbaImage {
  const chars = Array.from(text);
  const width = size * 3;
  const height = size * (chars.length + 2);
  const { ctx } = paper(width, height);
  ctx.fillStyle = '#000000';
  ctx.font = `${size}px "${fontFamilyFor('ja')}"`;
  ctx.textBaseline = 'top';
  chars.forEach((ch, j) => ctx.fillText(ch, size + (size - ctx.measureText(ch).width) / 2, size + j * size));
  return { width, height, data: new Uint8ClampedArray(ctx.getImageData(0, 0, width, height).data) };
}

type Context = ReturnType<ReturnType<typeof createCanvas>['getContext']>;

/** A white canvas, with the bundled fonts registered. */
function paper(width: number, height: number) {
  registerBundledFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(0, 0, width, height);
  return { ctx };
}

/** Diagonal hatching over the canvas (or its current clip). */
function hatch(ctx: Context, width: number, height: number, colour: string, lineWidth: number, spacing: number): void {
  ctx.strokeStyle = colour;
  ctx.lineWidth = lineWidth;
  for (let k = -height; k < width; k += spacing) {
    ctx.beginPath();
    ctx.moveTo(k, height);
    ctx.lineTo(k + height, 0);
    ctx.stroke();
  }
}

/**
 * One column of vertical Japanese on open white paper (no balloon), its
 * glyphs `size` apart from (x0, top), with hatched art from `artX` rightwards.
 */
export function drawFreeColumn(width: number, height: number, text: string, size: number, x0: number, top: number, artX: number): RgbaImage {
  const { ctx } = paper(width, height);
  ctx.save();
  ctx.beginPath();
  ctx.rect(artX, 0, width - artX, height);
  ctx.clip();
  hatch(ctx, width, height, '#333333', 2, 8);
  ctx.restore();
  ctx.fillStyle = '#000000';
  ctx.font = `${size}px "${fontFamilyFor('ja')}"`;
  ctx.textBaseline = 'top';
  Array.from(text).forEach((ch, j) => ctx.fillText(ch, x0 + (size - ctx.measureText(ch).width) / 2, top + j * size));
  return { width, height, data: new Uint8ClampedArray(ctx.getImageData(0, 0, width, height).data) };
}
