// Product-style pages drawn with the bundled fonts, with their translation
// script: for the queue's tests and benchmark, so neither needs image files.
// Each page: a coloured background, a product shape, a Chinese title and a
// price line; every title has an English translation in the script.
import { createCanvas } from '@napi-rs/canvas';
import { registerBundledFonts } from '@glossa/node';

const TITLES = ['限时特惠', '新品上市', '夏季清仓', '买一送一', '会员专享', '今日爆款', '品质保证', '全场包邮', '早鸟优惠', '人气推荐'];
const ENGLISH = ['Limited offer', 'New arrival', 'Summer sale', 'Buy one get one', 'Members only', 'Hot today', 'Quality assured', 'Free shipping', 'Early bird', 'Top pick'];
const COLOURS = ['#fde68a', '#bfdbfe', '#fecaca', '#bbf7d0', '#e9d5ff', '#fed7aa'];

/** The translation script (source text → English) of every page this module draws. */
export const productScript = Object.fromEntries(TITLES.flatMap((t, i) => [[t, ENGLISH[i]], [`特价 ${i + 1}9 元`, `Only ${i + 1}9 yuan`]]));

/**
 * The English title the script gives page `n`.
 * @param {number} n
 */
export function productTitle(n) {
  return ENGLISH[n % TITLES.length];
}

/**
 * Draws page `n` (any integer; pages repeat every 60) as a PNG.
 * @param {number} n
 * @param {{ width?: number, height?: number }} [size]
 * @returns {Buffer}
 */
export function productPage(n, { width = 320, height = 200 } = {}) {
  registerBundledFonts();
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  const k = Math.min(width / 320, height / 200);
  ctx.fillStyle = COLOURS[n % COLOURS.length];
  ctx.fillRect(0, 0, width, height);
  // The product: a rounded box with a shadow-like band, on the right.
  ctx.fillStyle = '#475569';
  ctx.beginPath();
  ctx.roundRect(width * 0.68, height * 0.25, width * 0.24, height * 0.55, 12 * k);
  ctx.fill();
  ctx.fillStyle = '#94a3b8';
  ctx.fillRect(width * 0.68, height * 0.45, width * 0.24, height * 0.08);
  const i = n % TITLES.length;
  ctx.fillStyle = '#111827';
  ctx.font = `${Math.round(34 * k)}px "Glossa Sans SC Bold"`;
  ctx.fillText(TITLES[i], 20 * k, 70 * k);
  ctx.fillStyle = '#b91c1c';
  ctx.font = `${Math.round(24 * k)}px "Glossa Sans SC Bold"`;
  ctx.fillText(`特价 ${i + 1}9 元`, 20 * k, 140 * k);
  return canvas.toBuffer('image/png');
}
