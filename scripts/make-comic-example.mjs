#!/usr/bin/env node
// Renders the comic example shipped in examples/comic: a manga page of our
// own (panels, simple artwork, oval speech balloons and a caption box with
// vertical Japanese set in the bundled Noto Sans JP, one sound effect drawn
// into the art) and its translation script comic-page.en.json (Japanese as
// lettered -> English). Translate it with:
//   node packages/node/dist/cli.js translate examples/comic --from ja --to en -o examples/out
// Usage: node scripts/make-comic-example.mjs [out-dir]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { fontFamilyFor, registerBundledFonts } from '@glossa/node';

registerBundledFonts();
const outDir = process.argv[2] ?? new URL('../examples/comic/', import.meta.url).pathname;
await mkdir(outDir, { recursive: true });

const W = 800;
const H = 1100;
const canvas = createCanvas(W, H);
const ctx = canvas.getContext('2d');
ctx.fillStyle = '#ffffff';
ctx.fillRect(0, 0, W, H);

// Panels in manga order: the wide top one, then right, then left.
const panels = [
  { x: 30, y: 30, w: 740, h: 470 },
  { x: 410, y: 530, w: 360, h: 540 },
  { x: 30, y: 530, w: 350, h: 540 },
];
for (const p of panels) {
  ctx.save();
  ctx.beginPath();
  ctx.rect(p.x, p.y, p.w, p.h);
  ctx.clip();
  hatch(p, 11, '#9a9a9a');
  ctx.restore();
}
// Artwork: two heads and a city skyline, flat shapes with outlines.
figure(230, 330, 90);
figure(600, 850, 80);
skyline(panels[2]);
for (const p of panels) {
  ctx.lineWidth = 5;
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(p.x, p.y, p.w, p.h);
}

const lettering = [
  // [centre x, centre y, radius x, radius y, columns right to left, size]
  { cx: 610, cy: 180, rx: 105, ry: 125, columns: ['おはよう！', '今日も', 'いい天気だね'], size: 30 },
  { cx: 420, cy: 330, rx: 80, ry: 110, columns: ['そうだね', '出かけよう'], size: 30 },
  { cx: 560, cy: 660, rx: 95, ry: 105, columns: ['どこへ', '行くの？'], size: 30 },
  { cx: 255, cy: 800, rx: 100, ry: 125, columns: ['駅前の', '新しい', 'パン屋さん'], size: 30 },
];
for (const b of lettering) balloon(b);
// A caption box (narration), top right of the left panel.
caption({ x: 45, y: 545, w: 100, h: 150, columns: ['次の日――'], size: 26 });
// A sound effect drawn into the art, outside any balloon.
sfx('ドン', 120, 200);

const english = {
  'おはよう！今日もいい天気だね': 'Good morning! Lovely weather again today!',
  'そうだね出かけよう': "It is! Let's go out.",
  'どこへ行くの？': 'Where are we going?',
  '駅前の新しいパン屋さん': 'The new bakery by the station.',
  '次の日――': 'The next day...',
};
for (const b of lettering) if (!(b.columns.join('') in english)) throw new Error(`no English for ${b.columns.join('')}`);
await writeFile(join(outDir, 'comic-page.png'), canvas.toBuffer('image/png'));
await writeFile(join(outDir, 'comic-page.en.json'), `${JSON.stringify(english, null, 2)}\n`);
console.log(`wrote ${join(outDir, 'comic-page.png')} and comic-page.en.json`);

function hatch(p, step, colour) {
  ctx.strokeStyle = colour;
  ctx.lineWidth = 1;
  for (let k = -p.h; k < p.w; k += step) {
    ctx.beginPath();
    ctx.moveTo(p.x + k, p.y + p.h);
    ctx.lineTo(p.x + k + p.h, p.y);
    ctx.stroke();
  }
}

function figure(cx, cy, r) {
  ctx.fillStyle = '#ffffff';
  ctx.strokeStyle = '#000000';
  ctx.lineWidth = 4;
  ctx.beginPath();
  ctx.ellipse(cx, cy, r, r * 1.15, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.stroke();
  ctx.fillStyle = '#222222';
  ctx.beginPath();
  ctx.ellipse(cx, cy - r * 0.7, r * 1.05, r * 0.55, 0, Math.PI, Math.PI * 2);
  ctx.fill();
  for (const dx of [-0.35, 0.35]) {
    ctx.beginPath();
    ctx.ellipse(cx + dx * r, cy, r * 0.1, r * 0.16, 0, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.beginPath();
  ctx.arc(cx, cy + r * 0.45, r * 0.25, 0.15 * Math.PI, 0.85 * Math.PI);
  ctx.stroke();
}

function skyline(p) {
  ctx.fillStyle = '#444444';
  const base = p.y + p.h;
  [[40, 160], [95, 230], [150, 120], [200, 280], [260, 190], [300, 140]].forEach(([x, h]) => ctx.fillRect(p.x + x, base - h, 45, h));
}

function balloon(b) {
  ctx.beginPath();
  ctx.ellipse(b.cx, b.cy, b.rx, b.ry, 0, 0, Math.PI * 2);
  ctx.fillStyle = '#ffffff';
  ctx.fill();
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#000000';
  ctx.stroke();
  column(b.columns, b.cx, b.cy, b.size);
}

function caption(c) {
  ctx.fillStyle = '#ffffff';
  ctx.fillRect(c.x, c.y, c.w, c.h);
  ctx.lineWidth = 3;
  ctx.strokeStyle = '#000000';
  ctx.strokeRect(c.x, c.y, c.w, c.h);
  column(c.columns, c.x + c.w / 2, c.y + c.h / 2, c.size);
}

/** Columns of vertical text centred on (cx, cy), right to left; punctuation in its vertical form. */
function column(columns, cx, cy, size) {
  ctx.fillStyle = '#000000';
  ctx.font = `${size}px "${fontFamilyFor('ja')}"`;
  ctx.textBaseline = 'top';
  const step = size * 1.35;
  const tallest = Math.max(...columns.map((c) => Array.from(c).length)) * size;
  const x0 = cx + ((columns.length - 1) * step) / 2 - size / 2;
  columns.forEach((text, i) => {
    Array.from(text).forEach((ch, j) => {
      const w = ctx.measureText(ch).width;
      const x = x0 - i * step + (size - w) / 2;
      const y = cy - tallest / 2 + j * size;
      if (ch === '―') {
        ctx.fillRect(x0 - i * step + size / 2 - 1, y, 2, size);
      } else ctx.fillText(ch, x, y);
    });
  });
}

function sfx(text, x, y) {
  ctx.save();
  ctx.translate(x, y);
  ctx.rotate(-0.2);
  ctx.font = `bold 110px "${fontFamilyFor('ja', true)}"`;
  ctx.textBaseline = 'top';
  ctx.lineWidth = 10;
  ctx.strokeStyle = '#ffffff';
  ctx.lineJoin = 'round';
  ctx.strokeText(text, 0, 0);
  ctx.fillStyle = '#000000';
  ctx.fillText(text, 0, 0);
  ctx.restore();
}
