// History: a liquidity heatmap (resting size per time x price from the journal, best bid and ask drawn over it),
// pan and zoom in time, and a time slider showing the book (or Betfair runner) at the chosen instant.
'use strict';
import { h, getJson, clock, hashQuery, setHashQuery, table } from '/web/util.js';
import { formatTick } from '/web/book.js';

const PRICE_BUCKETS = 120;
const MIN_WINDOW_MS = 2000;

export function mount(view, params) {
  const [venue, symbol] = params;
  const isBetfair = venue === 'betfair';
  const q = hashQuery();
  let selection = q.get('selection');
  const root = h('section', { id: 'history', 'aria-label': 'History of ' + symbol });
  const status = h('p', { class: 'muted small', id: 'history-status', role: 'status' }, 'Reading the journal…');
  const canvas = h('canvas', { id: 'heatmap', class: 'dark', width: 900, height: 420, tabindex: 0, role: 'img',
    style: 'width: 100%; height: 420px',
    'aria-label': 'Heatmap of resting size by time and price. Keys: plus and minus zoom, arrows pan.' });
  const slider = h('input', { id: 'time-slider', type: 'range', min: 0, max: 1000, value: 1000, style: 'width: 100%',
    'aria-label': 'Instant to show the book at' });
  const sliderLabel = h('output', { id: 'slider-time', for: 'time-slider' });
  const runnerSel = h('select', { id: 'runner', 'aria-label': 'Runner', hidden: !isBetfair });
  const button = (text, label, fn) => h('button', { type: 'button', 'aria-label': label, onclick: fn }, text);
  const atBox = h('div', { id: 'book-at' });
  root.append(
    h('h1', null, 'History ', h('span', { class: 'muted' }, venue + ' ' + symbol)),
    h('p', { class: 'small' }, h('a', { href: '#/' }, '← overview'), ' · ',
      h('a', { href: isBetfair ? '#/market/' + encodeURIComponent(symbol) : '#/book/' + encodeURIComponent(venue) + '/' + encodeURIComponent(symbol) }, 'live')),
    h('div', { class: 'toolbar' },
      button('−', 'Zoom out', () => zoom(2)), button('+', 'Zoom in', () => zoom(0.5)),
      button('←', 'Earlier', () => pan(-0.25)), button('→', 'Later', () => pan(0.25)),
      button('Latest', 'Back to the latest window', () => reset()), runnerSel,
      h('span', { class: 'legend' }, h('span', null, h('span', { class: 'swatch', style: 'background:#2fd16a' }), 'bids'),
        h('span', null, h('span', { class: 'swatch', style: 'background:#ff5a4a' }), 'asks'),
        h('span', null, 'colour: log of size'))),
    canvas, h('label', { class: 'small' }, 'Book at ', sliderLabel), slider, status, atBox);
  view.append(root);

  let stream = null, from = 0, to = 0, at = null, heat = null, ctrl = null, atCtrl = null, timer = 0, atTimer = 0;
  /** The first whole millisecond at or after the stream's first record (ISO times carry nanoseconds). */
  const streamBegin = () => Date.parse(stream.from) + 1;
  const apiBase = isBetfair ? '/api/history/betfair/' + encodeURIComponent(symbol)
    : '/api/history/' + encodeURIComponent(venue) + '/' + encodeURIComponent(symbol);

  async function start() {
    try {
      const list = await getJson('/api/history');
      stream = list.streams.find(s => s.venue === venue && s.symbol === symbol);
      if (!stream || !stream.from) { status.textContent = 'No recording of ' + venue + ' ' + symbol + ' in the journal.'; return; }
      const f = Date.parse(q.get('from')), t = Date.parse(q.get('to'));
      if (Number.isFinite(f) && Number.isFinite(t) && t > f) { from = f; to = t; } else defaultWindow();
      const a = Date.parse(q.get('at'));
      at = Number.isFinite(a) ? a : null;
      if (isBetfair) await loadRunners();
      load();
    } catch (e) {
      status.textContent = 'Cannot read the journal: ' + e.message;
    }
  }
  function defaultWindow() {
    const end = Date.parse(stream.to), begin = streamBegin();
    to = end;
    from = Math.max(begin, end - (isBetfair ? 30 : 5) * 60000);
    if (to - from < MIN_WINDOW_MS) to = from + MIN_WINDOW_MS;
  }
  async function loadRunners() {
    const m = await getJson(apiBase + '?at=' + Date.parse(stream.to) + '&depth=1');
    runnerSel.replaceChildren(...m.runners.map(r => h('option', { value: r.selectionId, selected: String(r.selectionId) === selection },
      (r.name || r.selectionId) + (r.status && r.status !== 'ACTIVE' ? ' (' + r.status.toLowerCase() + ')' : ''))));
    if (!selection && m.runners.length) selection = String(m.runners[0].selectionId);
    runnerSel.value = selection;
  }
  runnerSel.addEventListener('change', () => { selection = runnerSel.value; load(); });

  function syncUrl() {
    const p = new URLSearchParams();
    if (selection) p.set('selection', selection);
    p.set('from', new Date(from).toISOString());
    p.set('to', new Date(to).toISOString());
    if (at !== null) p.set('at', new Date(at).toISOString());
    setHashQuery(p);
  }
  function load() {
    clearTimeout(timer);
    timer = setTimeout(fetchHeatmap, 150);
  }
  async function fetchHeatmap() {
    if (ctrl) ctrl.abort();
    ctrl = new AbortController();
    from = Math.round(from); to = Math.max(from + 1, Math.round(to));
    syncUrl();
    const width = canvas.clientWidth || 900;
    const tb = Math.max(10, Math.min(400, Math.floor(width / 2)));
    const url = apiBase + '/heatmap?from=' + from + '&to=' + to + '&timeBuckets=' + tb + '&priceBuckets=' + PRICE_BUCKETS
      + (isBetfair ? '&selectionId=' + encodeURIComponent(selection) : '');
    status.textContent = 'Loading ' + clock(from) + ' – ' + clock(to) + ' UTC…';
    try {
      heat = await getJson(url, ctrl.signal);
      draw();
      status.textContent = clock(from) + ' – ' + clock(to) + ' UTC · ' + heat.timeBuckets + ' × ' + heat.priceBuckets
        + ' buckets · prices ' + heat.priceMin + ' – ' + heat.priceMax + ' · ' + heat.mode;
      bookAt(at === null ? to : at);
    } catch (e) {
      if (e.name !== 'AbortError') status.textContent = 'Heatmap: ' + e.message;
    }
  }

  const geometry = () => {
    const cssW = canvas.clientWidth || 900, cssH = canvas.clientHeight || 420;
    return { cssW, cssH, L: 70, R: 8, T: 8, B: 26, w: cssW - 78, hgt: cssH - 34 };
  };
  function draw() {
    if (!heat) return;
    const dpr = window.devicePixelRatio || 1;
    const G = geometry();
    canvas.width = Math.round(G.cssW * dpr); canvas.height = Math.round(G.cssH * dpr);
    const g = canvas.getContext('2d');
    g.setTransform(dpr, 0, 0, dpr, 0, 0);
    g.fillStyle = '#000'; g.fillRect(0, 0, G.cssW, G.cssH);
    const tb = heat.timeBuckets, pb = heat.priceBuckets;
    const lo = Number(heat.priceMin), hi = Number(heat.priceMax);
    const cells = heat.cells.map(r => r.map(Number));
    let max = 0, min = Infinity;
    for (const r of cells) for (const v of r) { if (v > 0) { max = Math.max(max, v); min = Math.min(min, v); } }
    const cw = G.w / tb, ch = G.hgt / pb;
    const logMin = Math.log(min), span = Math.max(1e-9, Math.log(max) - logMin);
    let drawn = 0;
    for (let t = 0; t < tb; t++) {
      const bb = heat.bestBids[t] === null ? -Infinity : Number(heat.bestBids[t]);
      const ba = heat.bestAsks[t] === null ? Infinity : Number(heat.bestAsks[t]);
      for (let p = 0; p < pb; p++) {
        const v = cells[t][p];
        if (!(v > 0)) continue;
        const f = 0.15 + 0.85 * (Math.log(v) - logMin) / span;
        const centre = lo + (hi - lo) * (p + 0.5) / pb;
        const isAsk = centre >= ba || (centre > bb && centre - bb > ba - centre);
        g.fillStyle = isAsk ? 'rgb(' + Math.round(255 * f) + ',' + Math.round(90 * f) + ',' + Math.round(74 * f) + ')'
          : 'rgb(' + Math.round(47 * f) + ',' + Math.round(209 * f) + ',' + Math.round(106 * f) + ')';
        g.fillRect(G.L + t * cw, G.T + G.hgt - (p + 1) * ch, Math.ceil(cw), Math.ceil(ch));
        drawn++;
      }
    }
    const py = price => G.T + G.hgt - (price - lo) / (hi - lo) * G.hgt;
    const line = (prices, colour) => {
      g.beginPath(); g.strokeStyle = colour; g.lineWidth = 1.5;
      let open = false;
      prices.forEach((s, t) => {
        if (s === null) { open = false; return; }
        const y = py(Number(s)), x0 = G.L + t * cw, x1 = x0 + cw;
        if (!open) { g.moveTo(x0, y); open = true; } else g.lineTo(x0, y);
        g.lineTo(x1, y);
      });
      g.stroke();
    };
    g.save(); g.beginPath(); g.rect(G.L, G.T, G.w, G.hgt); g.clip();
    line(heat.bestBids, '#b7ffcb'); line(heat.bestAsks, '#ffc2bb');
    if (at !== null && at >= from && at <= to) {
      const x = G.L + (at - from) / (to - from) * G.w;
      g.strokeStyle = '#ffe066'; g.lineWidth = 1; g.setLineDash([4, 3]);
      g.beginPath(); g.moveTo(x, G.T); g.lineTo(x, G.T + G.hgt); g.stroke(); g.setLineDash([]);
    }
    g.restore();
    g.fillStyle = '#e6e6e6'; g.font = '11px system-ui, sans-serif';
    g.textAlign = 'right'; g.textBaseline = 'middle';
    for (let i = 0; i <= 6; i++) {
      const p = lo + (hi - lo) * i / 6;
      g.fillText(formatTick(p, hi - lo), G.L - 6, py(p));
    }
    g.textAlign = 'center'; g.textBaseline = 'top';
    for (let i = 0; i <= 5; i++) {
      const ms = from + (to - from) * i / 5;
      g.fillText(clock(ms), Math.min(G.cssW - 28, Math.max(G.L + 24, G.L + G.w * i / 5)), G.T + G.hgt + 7);
    }
    canvas.dataset.drawn = drawn;
    canvas.dataset.priceMin = heat.priceMin;
    canvas.dataset.priceMax = heat.priceMax;
    canvas.setAttribute('aria-label', 'Heatmap of resting size, ' + clock(from) + ' to ' + clock(to) + ' UTC, prices '
      + heat.priceMin + ' to ' + heat.priceMax + '; best bid and ask drawn as lines. Keys: plus and minus zoom, arrows pan.');
    const pos = at === null ? 1000 : Math.round((at - from) / (to - from) * 1000);
    slider.value = Math.max(0, Math.min(1000, pos));
  }

  function bookAt(ms) {
    clearTimeout(atTimer);
    sliderLabel.textContent = new Date(ms).toISOString().replace('T', ' ').slice(0, 23) + ' UTC';
    atTimer = setTimeout(async () => {
      if (atCtrl) atCtrl.abort();
      atCtrl = new AbortController();
      try {
        if (isBetfair) {
          const m = await getJson(apiBase + '?at=' + Math.round(ms) + '&depth=5', atCtrl.signal);
          const r = m.runners.find(x => String(x.selectionId) === String(selection));
          showLevels(r ? r.back : [], r ? r.lay : [], 'back', 'lay', m.status + (m.inPlay ? ', in play' : '') + (r ? ' · ltp ' + (r.ltp || '-') : ''));
        } else {
          const b = await getJson('/api/books/' + encodeURIComponent(venue) + '/' + encodeURIComponent(symbol) + '?at=' + Math.round(ms) + '&depth=10', atCtrl.signal);
          showLevels(b.bids, b.asks, 'bid', 'ask', b.state + ' · spread ' + (b.spread || '-') + ' · mid ' + (b.mid || '-') + ' · update id ' + b.lastUpdateId);
        }
        atBox.dataset.at = Math.round(ms);
      } catch (e) {
        if (e.name !== 'AbortError') atBox.replaceChildren(h('p', { class: 'muted' }, 'Book at this instant: ' + e.message));
      }
    }, 120);
  }
  function showLevels(bids, asks, bidName, askName, summary) {
    const t = table('The ' + (isBetfair ? 'runner' : 'book') + ' as it was at the chosen instant, from the journal.',
      [bidName + ' size', bidName, askName, askName + ' size'], 'at-levels');
    const n = Math.max(bids.length, asks.length);
    for (let i = 0; i < n; i++) {
      const b = bids[i], a = asks[i];
      t.body.append(h('tr', null, h('td', null, b ? b[1] : ''), h('td', { class: 'bid' }, b ? b[0] : ''),
        h('td', { class: 'ask' }, a ? a[0] : ''), h('td', null, a ? a[1] : '')));
    }
    atBox.replaceChildren(h('h2', null, 'At ', sliderLabel.textContent), h('p', { class: 'small' }, summary), t.box);
  }

  function zoom(factor, centre) {
    const c = centre === undefined ? (at !== null && at >= from && at <= to ? at : (from + to) / 2) : centre;
    const begin = streamBegin(), end = Date.parse(stream.to);
    let w = Math.max(MIN_WINDOW_MS, (to - from) * factor);
    w = Math.min(w, Math.max(MIN_WINDOW_MS, end - begin));
    from = Math.max(begin, c - (c - from) * w / (to - from));
    to = from + w;
    load();
  }
  function pan(fraction) {
    const w = to - from;
    from += w * fraction; to += w * fraction;
    const begin = streamBegin();
    if (from < begin) { from = begin; to = begin + w; }
    load();
  }
  async function reset() {
    try { stream = (await getJson('/api/history')).streams.find(s => s.venue === venue && s.symbol === symbol) || stream; } catch (e) { /* keep */ }
    at = null;
    defaultWindow();
    load();
  }
  slider.addEventListener('input', () => {
    at = from + (to - from) * Number(slider.value) / 1000;
    draw(); syncUrl(); bookAt(at);
  });
  canvas.addEventListener('keydown', e => {
    const k = { '+': () => zoom(0.5), '=': () => zoom(0.5), '-': () => zoom(2), ArrowLeft: () => pan(-0.25), ArrowRight: () => pan(0.25) }[e.key];
    if (k) { e.preventDefault(); k(); }
  });
  const timeAtX = clientX => {
    const G = geometry(), r = canvas.getBoundingClientRect();
    return from + Math.max(0, Math.min(1, (clientX - r.left - G.L) / G.w)) * (to - from);
  };
  canvas.addEventListener('wheel', e => { e.preventDefault(); zoom(e.deltaY > 0 ? 1.5 : 1 / 1.5, timeAtX(e.clientX)); }, { passive: false });
  let drag = null;
  canvas.addEventListener('pointerdown', e => { drag = { x: e.clientX, from, to, moved: false }; canvas.setPointerCapture(e.pointerId); });
  canvas.addEventListener('pointermove', e => {
    if (!drag) return;
    const dx = e.clientX - drag.x;
    if (Math.abs(dx) > 4) drag.moved = true;
  });
  canvas.addEventListener('pointerup', e => {
    if (!drag) return;
    const G = geometry();
    if (drag.moved) {
      const shift = -(e.clientX - drag.x) / G.w * (drag.to - drag.from);
      from = drag.from + shift; to = drag.to + shift;
      load();
    } else {
      at = timeAtX(e.clientX);
      draw(); syncUrl(); bookAt(at);
    }
    drag = null;
  });
  const onResize = () => draw();
  window.addEventListener('resize', onResize);
  start();
  return () => { window.removeEventListener('resize', onResize); if (ctrl) ctrl.abort(); if (atCtrl) atCtrl.abort(); clearTimeout(timer); clearTimeout(atTimer); };
}
