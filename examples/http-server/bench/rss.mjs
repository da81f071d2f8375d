#!/usr/bin/env node
// Measures the HTTP example's memory under hostile load, with default limits:
// the server (index.mjs, a child process) first translates one real page so
// its models are loaded, then receives at once 3 uploads of 7000x7000 PNGs
// (made here with sharp, about 50 KB each; 196 MB each once decoded) and 20
// slow clients (10 dribble their headers, 10 their body). Prints the peak RSS
// of the server process, read from /proc every 50 ms, and whether /healthz
// answered throughout.
//
//   node examples/http-server/bench/rss.mjs [--seconds 15] [--env GLOSSA_MAX_PIXELS=60000000]
//
// Linux only (/proc). A measurement, not a test: it asserts nothing.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import sharp from 'sharp';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '15' }, env: { type: 'string', multiple: true, default: [] } } });
const seconds = Number(values.seconds);
const extraEnv = Object.fromEntries(values.env.map((kv) => kv.split('=')));
const ENTRY = fileURLToPath(new URL('../index.mjs', import.meta.url));
const IMAGES = fileURLToPath(new URL('../../images/', import.meta.url));

const child = spawn(process.execPath, [ENTRY], { env: { ...process.env, PORT: '0', GLOSSA_DEVICE: 'cpu', ...extraEnv }, stdio: ['ignore', 'pipe', 'inherit'] });
const base = await new Promise((resolve, reject) => {
  let out = '';
  child.stdout.on('data', (c) => {
    out += c;
    const m = /on (http:\/\/\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
});
const port = Number(new URL(base).port);
const rssMb = () => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))[1]) / 1024;
let peak = 0;
const sampler = setInterval(() => (peak = Math.max(peak, rssMb())), 50);

// Warm up: one real page, so the models are in memory as on a server in use.
const warm = new FormData();
warm.append('images', new Blob([await readFile(`${IMAGES}sale-poster.png`)]), 'sale-poster.png');
await (await fetch(`${base}/translate?to=en&translator=none`, { method: 'POST', body: warm })).text();
const afterWarmUp = rssMb();

// A 7000x7000 PNG: white with a few dark bars, so it is a plausible page and compresses well.
const bars = Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="7000" height="7000">${Array.from({ length: 20 }, (_, i) => `<rect x="500" y="${300 + i * 320}" width="6000" height="120" fill="#222"/>`).join('')}</svg>`);
const huge = await sharp({ create: { width: 7000, height: 7000, channels: 3, background: '#ffffff' } }).composite([{ input: bars }]).png().toBuffer();

const statuses = [];
const uploads = Array.from({ length: 3 }, async (_, i) => {
  const form = new FormData();
  form.append('images', new Blob([huge]), `huge-${i}.png`);
  form.append('translator', 'none');
  const response = await fetch(`${base}/translate?to=en`, { method: 'POST', body: form });
  const body = await response.text();
  statuses.push(response.status === 200 ? `200 ${/"ok":(true|false)/.exec(body)?.[0] ?? ''}` : `${response.status} ${/"code":"(\w+)"/.exec(body)?.[1]}`);
});

const slowAnswers = [];
const sockets = Array.from({ length: 20 }, (_, i) => {
  const socket = connect(port, '127.0.0.1');
  let answer = '';
  socket.on('data', (c) => (answer += c.toString('latin1')));
  socket.on('error', () => undefined);
  socket.on('close', () => slowAnswers.push(answer.split('\r\n')[0] || '(closed without an answer)'));
  const headers = `POST /translate?to=en&translator=none HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=XX\r\nContent-Length: 50000000\r\n\r\n`;
  const body = '--XX\r\nContent-Disposition: form-data; name="images"; filename="slow.png"\r\n\r\n\x89PNG\r\n\x1a\n';
  let sent = 0;
  // Half dribble their headers, half send headers and then dribble the body: a byte each 200 ms.
  const text = i % 2 === 0 ? headers : null;
  socket.on('connect', () => {
    if (!text) socket.write(headers + body);
    const drip = setInterval(() => {
      if (!socket.writable) return clearInterval(drip);
      socket.write(text && sent < text.length ? text[sent++] : 'x');
    }, 200);
    socket.on('close', () => clearInterval(drip));
  });
  return socket;
});

let healthFailures = 0;
let healthChecks = 0;
const until = Date.now() + seconds * 1000;
while (Date.now() < until) {
  healthChecks++;
  const ok = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) }).then((r) => r.ok, () => false);
  if (!ok) healthFailures++;
  await new Promise((r) => setTimeout(r, 500));
}
await Promise.race([Promise.all(uploads), new Promise((r) => setTimeout(r, 1000))]);
clearInterval(sampler);
for (const s of sockets) s.destroy();
const alive = child.exitCode === null;
child.kill('SIGTERM');

const count = (list) => Object.entries(list.reduce((m, s) => ((m[s] = (m[s] ?? 0) + 1), m), {})).map(([k, n]) => `${n}x ${k}`).join(', ');
console.log(`huge PNG: 7000x7000, ${(huge.length / 1024).toFixed(0)} KB; limits: defaults${values.env.length ? ` + ${values.env.join(' ')}` : ''}`);
console.log(`RSS after warm-up: ${afterWarmUp.toFixed(0)} MB; peak under load (${seconds} s): ${peak.toFixed(0)} MB`);
console.log(`huge uploads: ${count(statuses)}${statuses.length < 3 ? `, ${3 - statuses.length} still running` : ''}`);
console.log(`slow clients answered by the end: ${count(slowAnswers) || 'none yet'}; still connected: ${20 - slowAnswers.length}`);
console.log(`/healthz: ${healthChecks - healthFailures}/${healthChecks} answered; server ${alive ? 'still up' : 'DIED'}`);
process.exit(0);
