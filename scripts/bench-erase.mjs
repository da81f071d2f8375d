#!/usr/bin/env node
// `npm run bench:erase [-- --runs N]`: median time of classical erasure
// (glyph masks + createClassicalInpainter) on a 1000x1000 product-like image
// with 10 text lines, rendered here with the bundled fonts: a soft photo-like
// backdrop, flat and gradient banners, outlined and plain text. A benchmark,
// not a test; needs the built packages (`npm run build`).
import { createCanvas } from '@napi-rs/canvas';
import { buildTextMask, createClassicalInpainter } from '@glossa/core';
import { fontFamilyFor, registerBundledFonts } from '@glossa/node';
import { seededRandom as rng } from './lib/seeded-random.mjs';

const args = process.argv.slice(2);
const runsAt = args.indexOf('--runs');
const runs = runsAt >= 0 ? Number(args[runsAt + 1]) : 15;

/** A 1000x1000 product poster: blurred blobs (a product shot), two banners, 10 lines of text. Returns {image, lines}. */
function productImage() {
  registerBundledFonts();
  const W = 1000, H = 1000;
  const canvas = createCanvas(W, H);
  const ctx = canvas.getContext('2d');
  const rand = rng(42);
  ctx.fillStyle = '#e8e0d4';
  ctx.fillRect(0, 0, W, H);
  for (let i = 0; i < 60; i++) {
    const x = rand() * W, y = rand() * H, r = 40 + rand() * 220;
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    const c = `${Math.floor(90 + rand() * 160)},${Math.floor(70 + rand() * 160)},${Math.floor(60 + rand() * 160)}`;
    g.addColorStop(0, `rgba(${c},0.85)`);
    g.addColorStop(1, `rgba(${c},0)`);
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, W, H);
  }
  ctx.fillStyle = '#c8102e';
  ctx.fillRect(0, 0, W, 150);
  const band = ctx.createLinearGradient(0, 850, W, 1000);
  band.addColorStop(0, '#1e3c72');
  band.addColorStop(1, '#2a5298');
  ctx.fillStyle = band;
  ctx.fillRect(0, 850, W, 150);
  const specs = [
    { text: '限时特惠 全场五折', x: 60, y: 40, size: 72, color: '#ffffff' },
    { text: 'SUMMER SALE 2025', x: 560, y: 60, size: 40, color: '#ffe14d' },
    { text: '新品上市', x: 80, y: 220, size: 64, color: '#ffffff', stroke: '#202020' },
    { text: '高端品质 匠心之作', x: 80, y: 320, size: 44, color: '#1a1a1a' },
    { text: 'Premium quality', x: 600, y: 400, size: 36, color: '#ffffff', stroke: '#000000' },
    { text: '买一送一', x: 640, y: 560, size: 56, color: '#d4001a' },
    { text: '¥199 起', x: 90, y: 650, size: 60, color: '#d4001a', stroke: '#ffffff' },
    { text: 'Free shipping on all orders', x: 90, y: 760, size: 30, color: '#222222' },
    { text: '立即抢购 >>', x: 80, y: 885, size: 52, color: '#ffffff' },
    { text: '官方旗舰店 正品保障', x: 560, y: 900, size: 34, color: '#ffe14d' },
  ];
  const lines = [];
  for (const s of specs) {
    ctx.font = `${s.size}px "${fontFamilyFor('zh')}"`;
    const m = ctx.measureText(s.text);
    const top = s.y;
    const base = top + m.actualBoundingBoxAscent;
    if (s.stroke) {
      ctx.strokeStyle = s.stroke;
      ctx.lineWidth = Math.max(3, s.size / 12);
      ctx.lineJoin = 'round';
      ctx.strokeText(s.text, s.x, base);
    }
    ctx.fillStyle = s.color;
    ctx.fillText(s.text, s.x, base);
    // OCR-like padded box around the line.
    const pad = s.size * 0.12;
    const x0 = s.x - pad, y0 = top - pad, x1 = s.x + m.width + pad, y1 = base + m.actualBoundingBoxDescent + pad;
    lines.push({ text: s.text, polygon: [[x0, y0], [x1, y0], [x1, y1], [x0, y1]] });
  }
  const data = ctx.getImageData(0, 0, W, H).data;
  return { image: { width: W, height: H, data: new Uint8ClampedArray(data) }, lines };
}

const { image, lines } = productImage();
const inpainter = createClassicalInpainter();
const times = { mask: [], inpaint: [], total: [] };
// CPU time too: on a shared machine the wall clock also counts other processes; the work here is one thread.
const cpu = [];
for (let i = 0; i < runs + 2; i++) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const mask = buildTextMask(image, lines);
  const t1 = performance.now();
  await inpainter.inpaint(image, mask);
  const t2 = performance.now();
  const c1 = process.cpuUsage(c0);
  if (i < 2) continue; // warm-up (JIT)
  times.mask.push(t1 - t0);
  times.inpaint.push(t2 - t1);
  times.total.push(t2 - t0);
  cpu.push((c1.user + c1.system) / 1000);
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
console.log(`classical erasure, 1000x1000, ${lines.length} text lines, ${runs} runs (after 2 warm-up):`);
for (const [k, v] of Object.entries(times)) console.log(`  ${k.padEnd(8)} median ${median(v).toFixed(1)} ms  (min ${Math.min(...v).toFixed(1)}, max ${Math.max(...v).toFixed(1)})`);
console.log(`  cpu      median ${median(cpu).toFixed(1)} ms per erasure (all threads; equals the total on an idle machine)`);
