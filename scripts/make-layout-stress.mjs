#!/usr/bin/env node
// Hard typesetting cases, drawn with the bundled fonts: a two-column spec
// table, an icon-led feature list, a title across two panels beside a price
// pill, tilted stickers and a callout on a photo-like backdrop, an outlined
// title over bokeh, flush-right copy at the right edge. Each image gets an
// English translation script (<stem>.en.json), so
// `glossa translate <out-dir> --to en` typesets them and a contact sheet
// shows whether sizes, edges, colours and outlines survive.
// Usage: node scripts/make-layout-stress.mjs <out-dir>
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { registerBundledFonts } from '@glossa/node';
import { drawLine } from './lib/canvas-text.mjs';
import { seededRandom as rng } from './lib/seeded-random.mjs';

registerBundledFonts();
const outDir = process.argv[2];
if (!outDir) {
  console.error('usage: node scripts/make-layout-stress.mjs <out-dir>');
  process.exit(2);
}
await mkdir(outDir, { recursive: true });

const text = (ctx, s, x, y, { bold = true, ...options }) => drawLine(ctx, s, x, y, { font: bold ? 'Glossa Sans SC Bold' : 'Glossa Sans SC', ...options });

function bokeh(ctx, w, h, seed, top, bottom) {
  const g = ctx.createLinearGradient(0, 0, w, h);
  g.addColorStop(0, top);
  g.addColorStop(1, bottom);
  ctx.fillStyle = g;
  ctx.fillRect(0, 0, w, h);
  const rand = rng(seed);
  ctx.filter = 'blur(12px)';
  for (let i = 0; i < 40; i++) {
    ctx.fillStyle = `rgba(255,240,200,${0.1 + rand() * 0.25})`;
    ctx.beginPath();
    ctx.arc(rand() * w, rand() * h, 20 + rand() * 60, 0, Math.PI * 2);
    ctx.fill();
  }
  ctx.filter = 'none';
}

const images = [
  {
    stem: 'spec-table',
    width: 800,
    height: 640,
    draw(ctx, w, h) {
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, w, h);
      text(ctx, '产品参数', 60, 100, { size: 56, color: '#1d2a44' });
      const rows = [['屏幕尺寸', '15.6英寸'], ['处理器', '酷睿i7'], ['内存', '16GB'], ['续航时间', '12小时'], ['重量', '1.8公斤']];
      rows.forEach(([k, v], i) => {
        const y = 190 + i * 80;
        ctx.fillStyle = i % 2 ? '#ffffff' : '#f1f4f8';
        ctx.fillRect(50, y - 50, 700, 80);
        text(ctx, k, 80, y, { size: 32, color: '#6b7280', bold: false });
        text(ctx, v, 420, y, { size: 32, color: '#111827' });
      });
    },
    en: { 产品参数: 'Specifications', 屏幕尺寸: 'Screen size', '15.6英寸': '15.6 inches', 处理器: 'Processor', 酷睿i7: 'Core i7', 内存: 'Memory', '16GB': '16 GB', 续航时间: 'Battery life', '12小时': '12 hours', 重量: 'Weight', '1.8公斤': '1.8 kg' },
  },
  {
    stem: 'feature-list',
    width: 900,
    height: 600,
    draw(ctx, w, h) {
      ctx.fillStyle = '#f6efe6';
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#b08968';
      ctx.beginPath();
      ctx.roundRect(600, 160, 220, 320, 40);
      ctx.fill();
      text(ctx, '四大核心优势', 60, 110, { size: 54, color: '#3d2c23' });
      ['深层补水保湿', '温和无刺激', '24小时持久', '敏感肌可用'].forEach((s, i) => {
        const y = 210 + i * 80;
        ctx.fillStyle = '#d4a373';
        ctx.beginPath();
        ctx.arc(80, y - 12, 14, 0, Math.PI * 2);
        ctx.fill();
        text(ctx, s, 112, y, { size: 36, color: '#5c4033', bold: false });
      });
    },
    en: { 四大核心优势: 'Four key benefits', 深层补水保湿: 'Deep hydration', 温和无刺激: 'Gentle, non-irritating', '24小时持久': 'Lasts 24 hours', 敏感肌可用: 'Safe for sensitive skin' },
  },
  {
    stem: 'split-title',
    width: 800,
    height: 600,
    draw(ctx, w, h) {
      ctx.fillStyle = '#b8302c';
      ctx.fillRect(0, 0, 330, h);
      ctx.fillStyle = '#2f3035';
      ctx.fillRect(330, 0, w - 330, h);
      text(ctx, '2024热销 轻薄笔记本', 60, 110, { size: 60, color: '#ffffff' });
      text(ctx, '月销突破10000+', 740, 190, { size: 34, color: '#e5e7eb', bold: false, align: 'right' });
      ctx.fillStyle = '#ffd23f';
      ctx.beginPath();
      ctx.roundRect(500, 420, 240, 90, 45);
      ctx.fill();
      text(ctx, '¥4999起', 620, 482, { size: 46, color: '#c1121f', align: 'center' });
    },
    en: { '2024热销 轻薄笔记本': '2024 bestseller: thin and light laptop', '月销突破10000+': '10,000+ sold this month', '¥4999起': 'From ¥4999' },
  },
  {
    stem: 'tilted-stickers',
    width: 800,
    height: 600,
    draw(ctx, w, h) {
      bokeh(ctx, w, h, 11, '#9aa5b1', '#52606d');
      ctx.save();
      ctx.translate(180, 200);
      ctx.rotate((-15 * Math.PI) / 180);
      ctx.fillStyle = '#ffffff';
      ctx.strokeStyle = '#111111';
      ctx.lineWidth = 4;
      ctx.beginPath();
      ctx.ellipse(0, 0, 130, 60, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.stroke();
      ctx.restore();
      text(ctx, '冬季加绒', 100, 218, { size: 44, color: '#111111', rotate: -15 });
      ctx.fillStyle = '#e63946';
      ctx.beginPath();
      ctx.arc(620, 420, 90, 0, Math.PI * 2);
      ctx.fill();
      text(ctx, '新品', 620, 440, { size: 60, color: '#ffffff', align: 'center', rotate: 12 });
    },
    en: { 冬季加绒: 'Fleece-lined', 新品: 'New' },
  },
  {
    stem: 'bokeh-title',
    width: 700,
    height: 800,
    draw(ctx, w, h) {
      bokeh(ctx, w, h, 5, '#f4a259', '#bc4b51');
      text(ctx, '益智拼装', 50, 150, { size: 96, color: '#fefe02', stroke: { color: '#111111', width: 12 } });
      text(ctx, '蓝牙音箱 男孩礼物', 56, 250, { size: 52, color: '#ffffff', stroke: { color: '#111111', width: 6 } });
      ctx.fillStyle = '#3a506b';
      ctx.beginPath();
      ctx.roundRect(200, 380, 300, 340, 30);
      ctx.fill();
    },
    en: { 益智拼装: 'Educational Build Kit', '蓝牙音箱 男孩礼物': 'Bluetooth speaker, a gift for boys' },
  },
  {
    stem: 'flush-right',
    width: 900,
    height: 500,
    draw(ctx, w, h) {
      const g = ctx.createLinearGradient(0, 0, w, 0);
      g.addColorStop(0, '#e0fbfc');
      g.addColorStop(1, '#98c1d9');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#3d5a80';
      ctx.beginPath();
      ctx.roundRect(60, 120, 300, 260, 24);
      ctx.fill();
      text(ctx, '轻薄便携', 840, 170, { size: 64, color: '#293241', align: 'right' });
      text(ctx, '续航12小时', 840, 250, { size: 36, color: '#293241', bold: false, align: 'right' });
      text(ctx, '一键快充', 840, 310, { size: 36, color: '#293241', bold: false, align: 'right' });
    },
    en: { 轻薄便携: 'Thin and portable', '续航12小时': '12-hour battery life', 一键快充: 'One-touch fast charging' },
  },
];

for (const image of images) {
  const canvas = createCanvas(image.width, image.height);
  image.draw(canvas.getContext('2d'), image.width, image.height);
  await writeFile(join(outDir, `${image.stem}.png`), canvas.toBuffer('image/png'));
  await writeFile(join(outDir, `${image.stem}.en.json`), `${JSON.stringify(image.en, null, 2)}\n`);
}
console.log(`${images.length} images in ${outDir}`);
