#!/usr/bin/env node
// Renders the example images shipped in examples/images, with the bundled
// fonts, so every example image is made by the project itself. Each image gets
// translation scripts (<stem>.en.json, <stem>.ko.json): source line → translation.
// Usage: node scripts/make-example-images.mjs [out-dir]
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createCanvas } from '@napi-rs/canvas';
import { registerBundledFonts } from '@glossa/node';
import { drawLine } from './lib/canvas-text.mjs';
import { seededRandom as rng } from './lib/seeded-random.mjs';

registerBundledFonts();
const outDir = process.argv[2] ?? new URL('../examples/images/', import.meta.url).pathname;
await mkdir(outDir, { recursive: true });

const text = (ctx, s, x, y, options) => drawLine(ctx, s, x, y, options);

const images = [
  {
    stem: 'sale-poster',
    width: 800,
    height: 1000,
    draw(ctx, w, h) {
      const g = ctx.createLinearGradient(0, 0, 0, h);
      g.addColorStop(0, '#ffe259');
      g.addColorStop(1, '#ffa751');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      const rand = rng(7);
      for (let i = 0; i < 60; i++) {
        ctx.fillStyle = `rgba(255,255,255,${0.08 + rand() * 0.12})`;
        ctx.beginPath();
        ctx.arc(rand() * w, rand() * h, 10 + rand() * 60, 0, Math.PI * 2);
        ctx.fill();
      }
      text(ctx, '限时特惠', w / 2, 190, { size: 130, color: '#d7263d', align: 'center', stroke: { color: '#ffffff', width: 10 } });
      text(ctx, '全场五折起', w / 2, 320, { size: 80, color: '#1b1b3a', align: 'center' });
      ctx.fillStyle = '#ffffff';
      ctx.beginPath();
      ctx.roundRect(180, 420, 440, 330, 30);
      ctx.fill();
      ctx.fillStyle = '#6c5b7b';
      ctx.beginPath();
      ctx.roundRect(340, 460, 120, 240, 20);
      ctx.fill();
      text(ctx, '新品上市 立即抢购', w / 2, 850, { size: 56, color: '#1b1b3a', align: 'center', font: 'Glossa Sans SC' });
      text(ctx, '仅需 ¥199', w / 2, 940, { size: 60, color: '#d7263d', align: 'center' });
    },
    en: { 限时特惠: 'Limited Offer', 全场五折起: 'Up to 50% off', '新品上市 立即抢购': 'New arrivals, shop now', '仅需 ¥199': 'Only ¥199' },
    ko: { 限时特惠: '기간 한정 특가', 全场五折起: '전 품목 최대 50% 할인', '新品上市 立即抢购': '신상품 출시 지금 구매하세요', '仅需 ¥199': '단돈 ¥199' },
  },
  {
    stem: 'skincare-card',
    width: 900,
    height: 700,
    draw(ctx, w, h) {
      ctx.fillStyle = '#f7f4ef';
      ctx.fillRect(0, 0, w, h);
      const g = ctx.createRadialGradient(640, 380, 20, 640, 380, 320);
      g.addColorStop(0, '#e8d5c4');
      g.addColorStop(1, '#f7f4ef');
      ctx.fillStyle = g;
      ctx.fillRect(0, 0, w, h);
      ctx.fillStyle = '#c9ada7';
      ctx.beginPath();
      ctx.ellipse(650, 470, 150, 60, 0, 0, Math.PI * 2);
      ctx.fill();
      ctx.fillStyle = '#9a8c98';
      ctx.beginPath();
      ctx.roundRect(530, 300, 240, 170, 24);
      ctx.fill();
      text(ctx, '天然保湿面霜', 60, 150, { size: 64, color: '#4a4e69' });
      text(ctx, '深层补水 24小时持久', 60, 240, { size: 38, color: '#4a4e69', font: 'Glossa Sans SC' });
      text(ctx, '温和配方 敏感肌可用', 60, 300, { size: 38, color: '#4a4e69', font: 'Glossa Sans SC' });
      ctx.fillStyle = '#e63946';
      ctx.beginPath();
      ctx.roundRect(60, 480, 300, 110, 55);
      ctx.fill();
      text(ctx, '买一送一', 210, 555, { size: 56, color: '#ffffff', align: 'center' });
    },
    en: {
      天然保湿面霜: 'Natural Moisturizing Cream',
      '深层补水 24小时持久': 'Deep hydration, lasts 24 hours',
      '温和配方 敏感肌可用': 'Gentle formula for sensitive skin',
      买一送一: 'Buy one get one free',
    },
    ko: {
      天然保湿面霜: '천연 보습 크림',
      '深层补水 24小时持久': '깊은 수분 24시간 지속',
      '温和配方 敏感肌可用': '순한 포뮬러 민감성 피부 사용 가능',
      买一送一: '1+1 증정',
    },
  },
  {
    stem: 'tea-banner',
    width: 1000,
    height: 600,
    draw(ctx, w, h) {
      ctx.fillStyle = '#2d6a4f';
      ctx.fillRect(0, 0, w, h);
      const rand = rng(11);
      const img = ctx.getImageData(0, 0, w, h);
      for (let i = 0; i < img.data.length; i += 4) {
        const n = (rand() - 0.5) * 24;
        img.data[i] += n;
        img.data[i + 1] += n;
        img.data[i + 2] += n;
      }
      ctx.putImageData(img, 0, 0);
      ctx.fillStyle = '#95d5b2';
      for (let i = 0; i < 7; i++) {
        ctx.beginPath();
        ctx.ellipse(520 + i * 60, 420 - (i % 2) * 50, 70, 28, -0.5 + i * 0.2, 0, Math.PI * 2);
        ctx.fill();
      }
      text(ctx, '春茶上新', 80, 200, { size: 110, color: '#fefae0' });
      text(ctx, '明前龙井 清香回甘', 80, 300, { size: 46, color: '#fefae0', font: 'Glossa Sans SC' });
      text(ctx, '满300减50', 80, 420, { size: 58, color: '#ffd166' });
    },
    en: { 春茶上新: 'New Spring Tea', '明前龙井 清香回甘': 'Pre-Qingming Longjing, fresh and sweet', 满300减50: '¥50 off over ¥300' },
    ko: { 春茶上新: '봄 햇차 출시', '明前龙井 清香回甘': '명전 룽징차 맑은 향과 단맛', 满300减50: '300위안 이상 50위안 할인' },
  },
];

for (const spec of images) {
  const canvas = createCanvas(spec.width, spec.height);
  const ctx = canvas.getContext('2d');
  spec.draw(ctx, spec.width, spec.height);
  await writeFile(join(outDir, `${spec.stem}.png`), canvas.toBuffer('image/png'));
  await writeFile(join(outDir, `${spec.stem}.en.json`), `${JSON.stringify(spec.en, null, 2)}\n`);
  await writeFile(join(outDir, `${spec.stem}.ko.json`), `${JSON.stringify(spec.ko, null, 2)}\n`);
  console.log(`wrote ${join(outDir, spec.stem)}.png (+ .en.json, .ko.json)`);
}
