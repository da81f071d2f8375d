#!/usr/bin/env node
// Product-like test images for issue #18, drawn with the bundled fonts: text
// printed on a rendered object (a shaded bottle whose label curves round it, a
// box seen at an angle, a row of identical sockets) beside flat ad copy laid
// over a plate, a gradient or a photo-like backdrop. Every text is recorded
// with its ink box and its role (`product` or `copy`), so tests and
// `npm run eval:product-text` can score what was kept and what was erased.
//
// Usage: node scripts/make-product-images.mjs <out-dir>   (writes <name>.png and <name>.labels.json)
// As a module: `makeProductScenes()` returns the scenes in memory.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createCanvas } from '@napi-rs/canvas';
import { fontFamilyFor, registerBundledFonts } from '@glossa/node';
import { seededRandom as rng } from './lib/seeded-random.mjs';

const SANS = () => fontFamilyFor('zh');
const SANS_BOLD = () => fontFamilyFor('zh', true);

/**
 * A scene under construction: the canvas, and the texts drawn so far. Each
 * text is drawn on its own transparent layer first, so its ink box is exact.
 */
function newScene(name, width, height) {
  const canvas = createCanvas(width, height);
  return { name, width, height, canvas, ctx: canvas.getContext('2d'), texts: [] };
}

/** Draws with `paint(ctx)` on a fresh layer, composites it and records the layer's ink box as a text of `role`. */
function addText(scene, text, role, paint) {
  const layer = createCanvas(scene.width, scene.height);
  const lctx = layer.getContext('2d');
  paint(lctx);
  const { data } = lctx.getImageData(0, 0, scene.width, scene.height);
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -1;
  let y1 = -1;
  for (let y = 0; y < scene.height; y++)
    for (let x = 0; x < scene.width; x++) {
      if (data[(y * scene.width + x) * 4 + 3] < 48) continue;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  scene.ctx.drawImage(layer, 0, 0);
  scene.texts.push({ text, role, box: [x0, y0, x1 + 1, y1 + 1] });
}

/** Flat text, optionally outlined: how ad copy is set. */
function flatText(scene, text, x, y, { size, color, bold = true, align = 'left', stroke } = {}) {
  addText(scene, text, 'copy', (ctx) => {
    ctx.font = `${size}px "${bold ? SANS_BOLD() : SANS()}"`;
    ctx.textAlign = align;
    if (stroke) {
      ctx.lineWidth = stroke.width;
      ctx.strokeStyle = stroke.color;
      ctx.lineJoin = 'round';
      ctx.strokeText(text, x, y);
    }
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  });
}

function roundRect(ctx, x, y, w, h, r) {
  ctx.beginPath();
  ctx.moveTo(x + r, y);
  ctx.arcTo(x + w, y, x + w, y + h, r);
  ctx.arcTo(x + w, y + h, x, y + h, r);
  ctx.arcTo(x, y + h, x, y, r);
  ctx.arcTo(x, y, x + w, y, r);
  ctx.closePath();
}

/** Soft blobs plus grain, like an out-of-focus product photo. */
function paintPhoto(ctx, w, h, seed, base = '#8a7f70') {
  const rand = rng(seed);
  ctx.fillStyle = base;
  ctx.fillRect(0, 0, w, h);
  for (let i = 0; i < 36; i++) {
    const x = rand() * w;
    const y = rand() * h;
    const r = 30 + rand() * 140;
    const g = ctx.createRadialGradient(x, y, 0, x, y, r);
    const c = `${Math.floor(60 + rand() * 170)},${Math.floor(60 + rand() * 150)},${Math.floor(50 + rand() * 140)}`;
    g.addColorStop(0, `rgba(${c},0.75)`);
    g.addColorStop(1, `rgba(${c},0)`);
    ctx.fillStyle = g;
    ctx.fillRect(0, 0, w, h);
  }
  addGrain(ctx, w, h, rand, 14);
}

function addGrain(ctx, w, h, rand, amount) {
  const img = ctx.getImageData(0, 0, w, h);
  for (let i = 0; i < img.data.length; i += 4) {
    const n = (rand() - 0.5) * amount;
    img.data[i] += n;
    img.data[i + 1] += n;
    img.data[i + 2] += n;
  }
  ctx.putImageData(img, 0, 0);
}

/** Light across a cylinder seen from the front: 0 at the left edge to 1 at the right. */
function cylinderShade(t) {
  const angle = (t - 0.5) * Math.PI;
  // Key light from the upper left, some ambient.
  return 0.35 + 0.65 * Math.max(0, Math.cos(angle + 0.5));
}

function shadeColour([r, g, b], k) {
  return `rgb(${Math.round(r * k)},${Math.round(g * k)},${Math.round(b * k)})`;
}

function cylinderGradient(ctx, x0, x1, rgb) {
  const g = ctx.createLinearGradient(x0, 0, x1, 0);
  for (let i = 0; i <= 10; i++) g.addColorStop(i / 10, shadeColour(rgb, cylinderShade(i / 10)));
  return g;
}

/**
 * Text printed round a cylinder of centre `cx` and radius `r`: each glyph is
 * narrowed by the cosine of its angle, its baseline follows the ellipse the
 * label makes seen from slightly above, and it is shaded like the surface.
 */
function cylinderText(scene, text, cx, r, baseY, { size, rgb, bold = true, sag = 0.12 }) {
  addText(scene, text, 'product', (ctx) => {
    ctx.font = `${size}px "${bold ? SANS_BOLD() : SANS()}"`;
    const widths = [...text].map((ch) => ctx.measureText(ch).width);
    const total = widths.reduce((a, b) => a + b, 0);
    // Arc length on the surface -> angle.
    let s = -total / 2;
    [...text].forEach((ch, i) => {
      const mid = s + widths[i] / 2;
      const angle = mid / r;
      const x = cx + r * Math.sin(angle);
      const y = baseY + r * sag * (1 - Math.cos(angle)) * 2;
      ctx.save();
      ctx.translate(x, y);
      ctx.scale(Math.max(0.2, Math.cos(angle)), 1);
      ctx.fillStyle = shadeColour(rgb, cylinderShade((x - (cx - r)) / (2 * r)));
      ctx.textAlign = 'center';
      ctx.fillText(ch, 0, 0);
      ctx.restore();
      s += widths[i];
    });
  });
}

/** A bottle on a gradient plate: a curved, shaded label beside a flat title, a pill and a price. */
function bottleScene() {
  const scene = newScene('bottle-label', 600, 800);
  const { ctx } = scene;
  const bg = ctx.createLinearGradient(0, 0, 0, 800);
  bg.addColorStop(0, '#f6e7cf');
  bg.addColorStop(1, '#e4bf8f');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, 600, 800);
  // Shadow, body, shoulder, neck and cap.
  const cx = 390;
  const r = 95;
  ctx.fillStyle = 'rgba(80,50,20,0.25)';
  ctx.beginPath();
  ctx.ellipse(cx + 20, 752, r + 30, 18, 0, 0, Math.PI * 2);
  ctx.fill();
  ctx.fillStyle = cylinderGradient(ctx, cx - r, cx + r, [70, 140, 190]);
  roundRect(ctx, cx - r, 330, 2 * r, 420, 28);
  ctx.fill();
  ctx.beginPath();
  ctx.moveTo(cx - r, 360);
  ctx.quadraticCurveTo(cx - r, 260, cx - 32, 230);
  ctx.lineTo(cx + 32, 230);
  ctx.quadraticCurveTo(cx + r, 260, cx + r, 360);
  ctx.closePath();
  ctx.fill();
  ctx.fillStyle = cylinderGradient(ctx, cx - 32, cx + 32, [70, 140, 190]);
  ctx.fillRect(cx - 32, 170, 64, 62);
  ctx.fillStyle = cylinderGradient(ctx, cx - 38, cx + 38, [200, 60, 50]);
  roundRect(ctx, cx - 38, 130, 76, 46, 8);
  ctx.fill();
  // The label band, curved at its top and bottom edges like the text on it.
  ctx.fillStyle = cylinderGradient(ctx, cx - r, cx + r, [246, 242, 228]);
  ctx.beginPath();
  ctx.moveTo(cx - r, 450);
  ctx.quadraticCurveTo(cx, 450 + r * 0.5, cx + r, 450);
  ctx.lineTo(cx + r, 640);
  ctx.quadraticCurveTo(cx, 640 + r * 0.5, cx - r, 640);
  ctx.closePath();
  ctx.fill();
  cylinderText(scene, '山泉', cx, r, 530, { size: 58, rgb: [30, 110, 70] });
  cylinderText(scene, 'SPRING', cx, r, 580, { size: 30, rgb: [190, 50, 40] });
  cylinderText(scene, '天然矿泉水', cx, r, 625, { size: 22, rgb: [60, 60, 60], bold: false });
  // Ad copy: title on the backdrop, a selling point on a pill, a price.
  flatText(scene, '夏日清凉 第二件半价', 300, 84, { size: 46, color: '#9b1c1c', align: 'center' });
  ctx.fillStyle = '#c0392b';
  roundRect(ctx, 30, 118, 310, 50, 25);
  ctx.fill();
  flatText(scene, '24瓶整箱 包邮到家', 185, 155, { size: 28, color: '#ffffff', align: 'center' });
  flatText(scene, '¥39.9', 40, 430, { size: 56, color: '#c0392b' });
  flatText(scene, '限时抢购', 44, 490, { size: 30, color: '#5a3a1a', bold: false });
  return finish(scene);
}

/**
 * A box seen at an angle over a photo backdrop: the brand and name printed on
 * its front face share the face's skew and shading; the title and a banner are flat.
 */
function boxScene() {
  const scene = newScene('box-angle', 600, 800);
  const { ctx } = scene;
  paintPhoto(ctx, 600, 800, 7, '#6f7f8c');
  // Front face: an affine map of a 240 x 300 rectangle, leaning back to the right.
  const face = [1, -0.2, 0.06, 1, 150, 380];
  const side = [0.45, -0.32, 0.06, 1, 390, 332];
  ctx.save();
  ctx.setTransform(...side);
  const sg = ctx.createLinearGradient(0, 0, 120, 0);
  sg.addColorStop(0, '#5a8f3e');
  sg.addColorStop(1, '#3f6a2a');
  ctx.fillStyle = sg;
  ctx.fillRect(0, 0, 120, 300);
  ctx.restore();
  ctx.save();
  ctx.setTransform(...face);
  const fg = ctx.createLinearGradient(0, 0, 240, 300);
  fg.addColorStop(0, '#a7d98a');
  fg.addColorStop(1, '#6fae52');
  ctx.fillStyle = fg;
  ctx.fillRect(0, 0, 240, 300);
  ctx.fillStyle = 'rgba(255,255,255,0.85)';
  ctx.fillRect(20, 40, 200, 120);
  ctx.restore();
  addText(scene, '益生菌', 'product', (c) => {
    c.setTransform(...face);
    c.font = `58px "${SANS_BOLD()}"`;
    c.fillStyle = '#2f5d1e';
    c.fillText('益生菌', 33, 120);
  });
  addText(scene, 'PROBIOTIC', 'product', (c) => {
    c.setTransform(...face);
    c.font = `30px "${SANS_BOLD()}"`;
    c.fillStyle = '#ffffff';
    c.fillText('PROBIOTIC', 36, 215);
  });
  addText(scene, '固体饮料 30袋', 'product', (c) => {
    c.setTransform(...face);
    c.font = `22px "${SANS()}"`;
    c.fillStyle = '#1f3d12';
    c.fillText('固体饮料 30袋', 50, 265);
  });
  flatText(scene, '肠道好 每天一包', 300, 100, { size: 50, color: '#ffffff', align: 'center', stroke: { color: '#1d3557', width: 6 } });
  ctx.fillStyle = '#f1c40f';
  ctx.fillRect(0, 140, 600, 56);
  flatText(scene, '买二送一 当天发货', 300, 180, { size: 30, color: '#1d3557', align: 'center' });
  return finish(scene);
}

/** Five identical sockets on a wall, each with the same small brand: repetition, beside flat copy. */
function socketsScene() {
  const scene = newScene('sockets', 640, 720);
  const { ctx } = scene;
  const bg = ctx.createLinearGradient(0, 0, 640, 720);
  bg.addColorStop(0, '#e9eef2');
  bg.addColorStop(1, '#c9d3db');
  ctx.fillStyle = bg;
  ctx.fillRect(0, 0, 640, 720);
  flatText(scene, '智能插座 远程遥控', 320, 90, { size: 48, color: '#0b3d91', align: 'center' });
  flatText(scene, '手机一键开关 · 定时断电', 320, 150, { size: 26, color: '#33475b', align: 'center', bold: false });
  const spots = [
    [60, 300],
    [250, 300],
    [440, 300],
    [155, 500],
    [345, 500],
  ];
  for (const [x, y] of spots) {
    ctx.fillStyle = 'rgba(40,50,60,0.25)';
    roundRect(ctx, x + 8, y + 10, 140, 140, 18);
    ctx.fill();
    const g = ctx.createLinearGradient(x, y, x + 140, y + 140);
    g.addColorStop(0, '#ffffff');
    g.addColorStop(1, '#d4d9de');
    ctx.fillStyle = g;
    roundRect(ctx, x, y, 140, 140, 18);
    ctx.fill();
    ctx.fillStyle = '#4a4f55';
    for (const [hx, hy] of [
      [45, 50],
      [95, 50],
    ])
      ctx.fillRect(x + hx - 3, y + hy - 10, 6, 20);
    ctx.beginPath();
    ctx.arc(x + 70, y + 82, 5, 0, Math.PI * 2);
    ctx.fill();
    addText(scene, 'LINKO', 'product', (c) => {
      c.font = `15px "${SANS_BOLD()}"`;
      c.fillStyle = '#6b7580';
      c.textAlign = 'center';
      c.fillText('LINKO', x + 70, y + 122);
    });
  }
  return finish(scene);
}

/** A flat banner and a title over a photo, no product: every text is ad copy. */
function bannerScene() {
  const scene = newScene('banner-photo', 600, 600);
  const { ctx } = scene;
  paintPhoto(ctx, 600, 600, 21, '#7a6a5a');
  flatText(scene, '新品上市', 300, 110, { size: 72, color: '#ffffff', align: 'center', stroke: { color: '#7b2d26', width: 8 } });
  ctx.fillStyle = 'rgba(192,57,43,0.92)';
  ctx.fillRect(60, 400, 480, 70);
  flatText(scene, '全场包邮 满百减二十', 300, 448, { size: 34, color: '#ffffff', align: 'center' });
  flatText(scene, '七天无理由退换', 300, 540, { size: 28, color: '#fff6d5', align: 'center', bold: false });
  return finish(scene);
}

function finish(scene) {
  const { data } = scene.ctx.getImageData(0, 0, scene.width, scene.height);
  return {
    name: scene.name,
    image: { width: scene.width, height: scene.height, data: new Uint8ClampedArray(data) },
    texts: scene.texts,
  };
}

/**
 * The generated scenes: `{ name, image: RgbaImage, texts: [{ text, role: 'product' | 'copy', box: [x0, y0, x1, y1] }] }`.
 * Deterministic: the same pixels on every call.
 */
export function makeProductScenes() {
  registerBundledFonts();
  return [bottleScene(), boxScene(), socketsScene(), bannerScene()];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const outDir = process.argv[2];
  if (!outDir) {
    console.error('usage: node scripts/make-product-images.mjs <out-dir>');
    process.exit(2);
  }
  await mkdir(outDir, { recursive: true });
  for (const scene of makeProductScenes()) {
    const canvas = createCanvas(scene.image.width, scene.image.height);
    const ctx = canvas.getContext('2d');
    const img = ctx.createImageData(scene.image.width, scene.image.height);
    img.data.set(scene.image.data);
    ctx.putImageData(img, 0, 0);
    await writeFile(join(outDir, `${scene.name}.png`), canvas.toBuffer('image/png'));
    await writeFile(join(outDir, `${scene.name}.labels.json`), JSON.stringify(scene.texts, null, 2));
    console.log(`${scene.name}: ${scene.texts.length} texts`);
  }
}
