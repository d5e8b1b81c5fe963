// Shared helpers of the Ladder pages: DOM building, JSON with big ids kept as strings, exact decimals, times.
'use strict';

/** Creates an element: attrs may hold class, text, html-free attributes, dataset ({data: {...}}) and on* handlers. */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'class') el.className = v;
      else if (k === 'text') el.textContent = v;
      else if (k === 'data') Object.assign(el.dataset, v);
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

const ID_KEYS = new Set(['id', 'lastUpdateId', 'previousUpdateId', 'firstUpdateId', 'selectionId', 'update',
  'previousUpdate', 'marketId', 'eventId']);

/**
 * JSON.parse that keeps ids as strings: numbers above 2^53 lose digits in a double, so every id field
 * (update ids, selection ids) is taken from its source text when the browser gives it, else stringified.
 */
export function parseJson(text) {
  return JSON.parse(text, function (key, value, context) {
    if (typeof value === 'number' && ID_KEYS.has(key)) {
      return context && context.source !== undefined ? context.source : String(value);
    }
    return value;
  });
}

/** GET a JSON route; a non-2xx answer throws an Error carrying the server's message. */
export async function getJson(path, signal) {
  const res = await fetch(path, { signal, headers: { Accept: 'application/json' } });
  const text = await res.text();
  let body = null;
  try { body = parseJson(text); } catch (e) { body = null; }
  if (!res.ok) {
    const err = new Error((body && body.error) || (res.status + ' ' + res.statusText));
    err.status = res.status;
    throw err;
  }
  return body;
}

/** Digits after the point of a decimal string. */
export function scaleOf(s) {
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
}

/** A decimal string as a BigInt at `scale` digits (extra digits are cut; callers pass the larger scale). */
export function toBig(s, scale) {
  const neg = s.startsWith('-');
  const t = neg ? s.slice(1) : s;
  const [i, f = ''] = t.split('.');
  const v = BigInt((i || '0') + f.padEnd(scale, '0').slice(0, scale));
  return neg ? -v : v;
}

/** A BigInt at `scale` digits as plain decimal text without trailing fraction zeros. */
export function fromBig(v, scale) {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = s.slice(0, -scale) + '.' + s.slice(-scale);
    s = s.replace(/\.?0+$/, '');
  }
  return (neg ? '-' : '') + s;
}

/** Exact a - b of two decimal strings. */
export function subtract(a, b) {
  const sc = Math.max(scaleOf(a), scaleOf(b));
  return fromBig(toBig(a, sc) - toBig(b, sc), sc);
}

/** Exact (a + b) / 2 of two decimal strings. */
export function midpoint(a, b) {
  const sc = Math.max(scaleOf(a), scaleOf(b)) + 1;
  return fromBig((toBig(a, sc) + toBig(b, sc)) / 2n, sc);
}

/** Exact running sums of decimal size strings, as strings. */
export function cumulative(sizes) {
  const sc = sizes.reduce((m, s) => Math.max(m, scaleOf(s)), 0);
  let acc = 0n;
  return sizes.map(s => { acc += toBig(s, sc); return fromBig(acc, sc); });
}

const pad = n => String(n).padStart(2, '0');

/** HH:MM:SS UTC of epoch ms. */
export function clock(ms) {
  const d = new Date(ms);
  return pad(d.getUTCHours()) + ':' + pad(d.getUTCMinutes()) + ':' + pad(d.getUTCSeconds());
}

/** A short age: "0.4 s", "12 s", "3 min", "2 h". */
export function age(ms) {
  if (!Number.isFinite(ms)) return '-';
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return s.toFixed(1) + ' s';
  if (s < 120) return Math.round(s) + ' s';
  if (s < 7200) return Math.round(s / 60) + ' min';
  return Math.round(s / 3600) + ' h';
}

/** A countdown to epoch ms: "in 4:05", "in 1 h 20", or "started 3 min ago". */
export function countdown(targetMs, now = Date.now()) {
  const d = Math.round((targetMs - now) / 1000);
  if (d <= 0) return 'started ' + age(-d * 1000) + ' ago';
  if (d >= 3600) return 'in ' + Math.floor(d / 3600) + ' h ' + pad(Math.floor(d % 3600 / 60));
  return 'in ' + Math.floor(d / 60) + ':' + pad(d % 60);
}

/** The query of the current hash route (#/page?x=1) as URLSearchParams. */
export function hashQuery() {
  const q = location.hash.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : location.hash.slice(q + 1));
}

/** Replaces the hash query without adding a history entry (the URL keeps saying where you are). */
export function setHashQuery(params) {
  const base = location.hash.split('?')[0] || '#/';
  const q = params.toString();
  history.replaceState(null, '', base + (q ? '?' + q : ''));
}

/** A table inside a horizontally scrolling box, with a caption for screen readers. */
export function table(caption, headers, id) {
  const t = h('table', { id }, h('caption', { class: 'muted small', style: 'caption-side: bottom; text-align: left' }, caption),
    h('thead', null, h('tr', null, headers.map(x => typeof x === 'string'
      ? h('th', { scope: 'col', class: x.startsWith('<') ? 'l' : null, text: x.replace(/^</, '') })
      : x))),
    h('tbody'));
  return { box: h('div', { class: 'scroll' }, t), table: t, body: t.tBodies[0] };
}

/** Calls fn now and every ms milliseconds until the returned stop function is called. */
export function every(ms, fn) {
  fn();
  const t = setInterval(fn, ms);
  return () => clearInterval(t);
}
