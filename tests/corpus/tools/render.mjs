// render.mjs - opens saved pages offline in Debian's Chromium, as a person would meet
// them, and writes what omamori could see of each: the title after the page's scripts
// ran, the visible text, which browser APIs the page called, the sounds it asked for,
// and a screenshot.
//
// Usage:  node render.mjs < jobs.jsonl > rendered.jsonl
// Each input line: {"id": "...", "root": "/dir/served", "page": "index.html",
//                   "screen": "/out/ID.png" (optional)}
// Each output line: the job's fields plus title, text, api, audio_tags, sounds,
// cursor_none (the pointer is hidden over the middle of the page), error.
//
// How: every root is served on 127.0.0.1 by a tiny static server (pages load their
// scripts, images and sounds by relative paths); every other request is refused, so a
// kit can neither call home nor fetch anything (the machine is offline anyway). The
// page is opened at 1366x768, left 1.5 s, clicked once in the middle (kits go
// fullscreen and start their alarm on the first click), left 2 s more, then read.
// The API counters are wrapped in before any page script runs.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { execFileSync } from 'node:child_process';
import { chromium } from 'playwright-core';

function isUtf8(bytes) {
  try { new TextDecoder('utf-8', { fatal: true }).decode(bytes); return true; } catch { return false; }
}

const TYPES = {
  '.html': 'text/html', '.htm': 'text/html', '.php': 'text/html', '.js': 'text/javascript',
  '.css': 'text/css', '.png': 'image/png', '.jpg': 'image/jpeg', '.jpeg': 'image/jpeg',
  '.gif': 'image/gif', '.svg': 'image/svg+xml', '.webp': 'image/webp', '.ico': 'image/x-icon',
  '.mp3': 'audio/mpeg', '.wav': 'audio/wav', '.ogg': 'audio/ogg', '.m4a': 'audio/mp4',
  '.mp4': 'video/mp4', '.webm': 'video/webm', '.json': 'application/json',
  '.woff': 'font/woff', '.woff2': 'font/woff2', '.ttf': 'font/ttf',
};

let servedRoot = '/nonexistent';
const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  let rel = decodeURIComponent(url.pathname);
  let file = path.join(servedRoot, path.normalize(rel));
  if (!file.startsWith(servedRoot)) { res.writeHead(403); res.end(); return; }
  try {
    if (fs.statSync(file).isDirectory()) file = path.join(file, 'index.html');
    const body = fs.readFileSync(file);
    let type = TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    // A page without a declared charset is read as UTF-8 when its bytes are UTF-8
    // (what a browser's own detection would settle on for these pages).
    if (type === 'text/html' && isUtf8(body)) type += '; charset=utf-8';
    res.writeHead(200, { 'content-type': type });
    res.end(body);
  } catch {
    res.writeHead(404); res.end();
  }
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const port = server.address().port;

// Counts the calls a fake alert makes; runs before the page's own scripts.
const HOOKS = `(() => {
  const c = { fullscreen: 0, keyboard_lock: 0, pointerlock: 0, media_play: 0, beforeunload: 0,
              pushstate: 0, alert: 0, confirm: 0, oscillator: 0, speech: 0, audio_new: 0 };
  const sounds = [];
  window.__omamori = { c, sounds };
  const wrap = (obj, name, key, after) => {
    if (!obj || typeof obj[name] !== 'function') return;
    const orig = obj[name];
    obj[name] = function (...a) { c[key]++; if (after) after(this, a); try { return orig.apply(this, a); } catch (e) { return undefined; } };
  };
  wrap(Element.prototype, 'requestFullscreen', 'fullscreen');
  wrap(Element.prototype, 'webkitRequestFullscreen', 'fullscreen');
  wrap(Element.prototype, 'webkitRequestFullScreen', 'fullscreen');
  wrap(Element.prototype, 'requestPointerLock', 'pointerlock');
  if (navigator.keyboard) wrap(Object.getPrototypeOf(navigator.keyboard), 'lock', 'keyboard_lock');
  wrap(HTMLMediaElement.prototype, 'play', 'media_play', (el) => { if (el.currentSrc || el.src) sounds.push(el.currentSrc || el.src); });
  wrap(History.prototype, 'pushState', 'pushstate');
  const oa = window.alert, oc = window.confirm;
  window.alert = function () { c.alert++; };
  window.confirm = function () { c.confirm++; return true; };
  wrap(window.AudioContext && AudioContext.prototype, 'createOscillator', 'oscillator');
  wrap(window.speechSynthesis, 'speak', 'speech');
  const OA = window.Audio;
  if (OA) window.Audio = function (src) { c.audio_new++; if (src) sounds.push(String(src)); return new OA(src); };
  const oadd = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (type, ...rest) {
    if (type === 'beforeunload') c.beforeunload++;
    return oadd.call(this, type, ...rest);
  };
  try {
    Object.defineProperty(window, 'onbeforeunload', { configurable: true,
      set(v) { if (v) c.beforeunload++; }, get() { return null; } });
  } catch (e) {}
})();`;

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
         '--disable-background-networking', '--disable-component-update', '--disable-sync',
         '--autoplay-policy=no-user-gesture-required', '--lang=ja-JP'],
});

async function renderOne(job) {
  const out = { ...job };
  servedRoot = path.resolve(job.root);
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: 'ja-JP' });
  try {
    await context.addInitScript(HOOKS);
    await context.route('**/*', (route) => {
      const u = new URL(route.request().url());
      if (u.hostname === '127.0.0.1' && u.port === String(port)) return route.continue();
      return route.abort();
    });
    const page = await context.newPage();
    page.on('dialog', (d) => d.dismiss().catch(() => {}));
    const rel = job.page.split('/').map(encodeURIComponent).join('/');
    const query = job.query ? `?${job.query}` : '';
    try {
      await page.goto(`http://127.0.0.1:${port}/${rel}${query}`, { waitUntil: 'load', timeout: 10000 });
    } catch (e) { out.load_note = String(e.message).split('\n')[0]; }
    await page.waitForTimeout(1500);
    try { await page.mouse.click(683, 384); } catch {}
    await page.waitForTimeout(2000);
    const seen = await page.evaluate(() => ({
      title: document.title,
      text: (document.body ? document.body.innerText : '').replace(/\s+/g, ' ').trim().slice(0, 3000),
      api: window.__omamori ? window.__omamori.c : null,
      sounds: window.__omamori ? window.__omamori.sounds : [],
      audio_tags: document.querySelectorAll('audio, video').length,
      // Kits hide the pointer with CSS as well as with pointer lock.
      cursor_none: (() => {
        const el = document.elementFromPoint(683, 384) || document.body;
        return !!el && getComputedStyle(el).cursor === 'none';
      })(),
      audio_srcs: [...document.querySelectorAll('audio, video, audio source, video source')]
        .map((e) => e.getAttribute('src')).filter(Boolean),
    }));
    Object.assign(out, seen);
    if (job.screen) {
      const full = `${job.screen}.full.png`;
      await page.screenshot({ path: full, timeout: 10000 });
      // Kept small: enough to see the logos and the layout, not to read small print.
      execFileSync('convert', [full, '-resize', '480x270', '-colors', '128', `PNG8:${job.screen}`]);
      fs.unlinkSync(full);
    }
  } catch (e) {
    out.error = String(e.message).split('\n')[0];
  } finally {
    await context.close().catch(() => {});
  }
  return out;
}

// A page's whole time, load to screenshot. On a machine loaded by other renders the
// collectors needed 90 to 180 s (their NOTES.md say so): OMAMORI_RENDER_SECONDS.
const JOB_SECONDS = Number(process.env.OMAMORI_RENDER_SECONDS || 30);

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  if (!line.trim()) continue;
  const job = JSON.parse(line);
  const result = await Promise.race([
    renderOne(job),
    new Promise((ok) => setTimeout(() => ok({ ...job, error: `timeout after ${JOB_SECONDS} s` }),
                                   JOB_SECONDS * 1000)),
  ]);
  process.stdout.write(JSON.stringify(result) + '\n');
}
await browser.close();
server.close();
