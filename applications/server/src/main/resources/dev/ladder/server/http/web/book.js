// Book: a live depth ladder (price, size, cumulative size, bars), a cumulative depth chart, spread and mid,
// from the book's server-sent events: a snapshot, then diffs applied here with the update-id chain checked.
'use strict';
import { h, parseJson, getJson, table, subtract, midpoint, cumulative, age, clock } from '/web/util.js';

const ROWS = 15;
const CHART_LEVELS = 100;
/** No event for this long marks the stream stale (the server sends diffs as the book changes). */
export const STALE_MS = 5000;

export function mount(view, params) {
  const [venue, symbol] = params;
  const base = '/api/books/' + encodeURIComponent(venue) + '/' + encodeURIComponent(symbol);
  const book = { bids: new Map(), asks: new Map(), lastUpdateId: null, state: '', snapshots: 0, diffs: 0,
    chainBreaks: 0, reconnects: 0, lastEventAt: 0, receiveTime: 0, exchangeTime: 0, statesSeen: [] };
  const root = h('section', { id: 'book', 'aria-label': 'Order book ' + symbol });
  const trades = table('Newest first; side is the aggressor (buy lifts the ask, sell hits the bid).',
    ['time (UTC)', '<side', 'price', 'size'], 'trades');
  const tradesNote = h('p', { class: 'muted small' });
  const banner = h('div', { id: 'stale', class: 'banner stale', role: 'status', hidden: true });
  const stats = h('div', { class: 'stats', id: 'book-stats' });
  const ladderBody = h('tbody');
  const ladder = h('table', { class: 'ladder', id: 'ladder' },
    h('caption', { class: 'muted small', style: 'caption-side: bottom; text-align: left' },
      'Asks above, bids below, best prices next to the spread row. Cumulative size counts from the best price.'),
    h('thead', null, h('tr', null, ['price', 'size', 'cumulative', 'depth'].map(x => h('th', { scope: 'col' }, x)))), ladderBody);
  const canvas = h('canvas', { id: 'depth-chart', width: 560, height: 300, role: 'img', 'aria-label': 'Cumulative depth chart' });
  root.append(
    h('h1', null, symbol, ' ', h('span', { class: 'muted' }, venue)),
    h('p', { class: 'small' }, h('a', { href: '#/' }, '← overview'), ' · ',
      h('a', { href: '#/history/' + encodeURIComponent(venue) + '/' + encodeURIComponent(symbol) }, 'history and heatmap'), ' · ',
      h('a', { href: base + '/stream' }, 'raw event stream')),
    banner, stats,
    h('div', { class: 'grid' }, h('div', { class: 'scroll' }, ladder),
      h('div', null, h('h2', null, 'Cumulative depth'), canvas,
        h('p', { class: 'legend' }, h('span', null, h('span', { class: 'swatch', style: 'background: var(--bid)' }), 'bids'),
          h('span', null, h('span', { class: 'swatch', style: 'background: var(--ask)' }), 'asks')),
        h('h2', null, 'Recent trades'), trades.box, tradesNote)));
  view.append(root);

  let source = null;
  let frame = 0;
  function connect() {
    if (source) source.close();
    source = new EventSource(base + '/stream');
    window.__ladderBook = { book, source };
    source.addEventListener('snapshot', ev => {
      const s = parseJson(ev.data);
      book.bids.clear(); book.asks.clear();
      apply(book.bids, s.bids); apply(book.asks, s.asks);
      book.lastUpdateId = s.lastUpdateId; book.snapshots++;
      setState(s.state);
      seen(s);
    });
    source.addEventListener('diff', ev => {
      const d = parseJson(ev.data);
      if (book.lastUpdateId === null || d.previousUpdateId !== book.lastUpdateId) {
        // a broken chain: this copy cannot be trusted; ask for a fresh snapshot
        book.chainBreaks++;
        book.lastUpdateId = null;
        connect();
        return;
      }
      apply(book.bids, d.bids); apply(book.asks, d.asks);
      book.lastUpdateId = d.lastUpdateId; book.diffs++;
      seen(d);
    });
    source.addEventListener('state', ev => { setState(parseJson(ev.data).state); seen(null); });
    source.onerror = () => { book.reconnects++; setState('disconnected'); };
  }
  function setState(s) {
    if (s !== book.state) book.statesSeen.push(s);
    book.state = s;
  }
  function seen(e) {
    book.lastEventAt = Date.now();
    if (e && e.receiveTime) book.receiveTime = Number(e.receiveTime);
    if (e && e.exchangeTime) book.exchangeTime = Number(e.exchangeTime);
    if (!frame) frame = requestAnimationFrame(render);
  }
  function apply(side, levels) {
    for (const [price, size] of levels) {
      if (Number(size) === 0) side.delete(price); else side.set(price, size);
    }
  }
  const sorted = (side, desc) => [...side.entries()].map(([p, s]) => [p, s, Number(p)])
    .sort((a, b) => desc ? b[2] - a[2] : a[2] - b[2]);

  function render() {
    frame = 0;
    const bids = sorted(book.bids, true);
    const asks = sorted(book.asks, false);
    const bidRows = bids.slice(0, ROWS), askRows = asks.slice(0, ROWS);
    const bidCum = cumulative(bidRows.map(l => l[1])), askCum = cumulative(askRows.map(l => l[1]));
    const max = Math.max(1e-18, ...bidCum.map(Number), ...askCum.map(Number));
    const row = (cls, l, cum) => h('tr', { class: cls }, h('td', { class: 'px' }, l[0]), h('td', null, l[1]), h('td', null, cum),
      h('td', { class: 'bar' }, h('span', { style: 'width:' + (100 * Number(cum) / max).toFixed(1) + '%' })));
    const bestBid = bids.length ? bids[0][0] : null, bestAsk = asks.length ? asks[0][0] : null;
    const spread = bestBid && bestAsk ? subtract(bestAsk, bestBid) : '-';
    const mid = bestBid && bestAsk ? midpoint(bestBid, bestAsk) : '-';
    const rows = [];
    for (let i = askRows.length - 1; i >= 0; i--) rows.push(row('askrow', askRows[i], askCum[i]));
    rows.push(h('tr', { class: 'spread' }, h('td', { colspan: 4 }, 'spread ', h('b', { id: 'spread' }, spread), ' · mid ', h('b', { id: 'mid' }, mid))));
    bidRows.forEach((l, i) => rows.push(row('bidrow', l, bidCum[i])));
    ladderBody.replaceChildren(...rows);
    root.dataset.updateId = book.lastUpdateId === null ? '' : book.lastUpdateId;
    root.dataset.snapshots = book.snapshots;
    root.dataset.diffs = book.diffs;
    root.dataset.chainBreaks = book.chainBreaks;
    root.dataset.state = book.state;
    root.dataset.bestBid = bestBid || '';
    stats.replaceChildren(
      h('span', null, 'state ', h('span', { class: 'state state-' + book.state, id: 'book-state' }, book.state)),
      h('span', null, 'best bid ', h('b', { class: 'bid' }, bestBid || '-')),
      h('span', null, 'best ask ', h('b', { class: 'ask' }, bestAsk || '-')),
      h('span', null, 'update id ', h('b', { id: 'update-id' }, book.lastUpdateId === null ? '-' : book.lastUpdateId)),
      h('span', null, 'levels ', h('b', null, book.bids.size + ' / ' + book.asks.size)),
      h('span', null, 'events ', h('b', null, book.snapshots + ' snapshot' + (book.snapshots === 1 ? '' : 's') + ', ' + book.diffs + ' diffs')),
      h('span', null, 'chain breaks ', h('b', null, book.chainBreaks)),
      h('span', null, 'exchange time ', h('b', null, book.exchangeTime ? clock(book.exchangeTime) : '-')));
    drawDepth(canvas, bids.slice(0, CHART_LEVELS), asks.slice(0, CHART_LEVELS));
  }

  const staleTimer = setInterval(() => {
    const quiet = Date.now() - book.lastEventAt;
    const stale = book.lastEventAt > 0 && quiet > STALE_MS || book.state === 'disconnected';
    banner.hidden = !stale;
    banner.textContent = book.state === 'disconnected' ? 'Stream disconnected: reconnecting…'
      : 'Stale: no update for ' + age(quiet) + ' (the values below may be old)';
    root.dataset.stale = stale;
  }, 500);
  let lastTrade = null;
  async function refreshTrades() {
    try {
      const t = await getJson(base + '/trades?limit=20');
      const newest = t.trades.length ? t.trades[0].id : null;
      if (newest === lastTrade) return;
      lastTrade = newest;
      trades.body.replaceChildren(...t.trades.map(x => h('tr', null, h('td', null, clock(x.time) + '.' + String(x.time % 1000).padStart(3, '0')),
        h('td', { class: 'l ' + (x.side === 'buy' ? 'bid' : 'ask') }, x.side), h('td', null, x.price), h('td', null, x.size))));
      tradesNote.textContent = t.total ? t.total + ' trades seen' : 'No trades (this feed does not subscribe to trades).';
    } catch (e) {
      tradesNote.textContent = 'Trades: ' + e.message;
    }
  }
  const tradeTimer = setInterval(refreshTrades, 1000);
  refreshTrades();
  connect();
  return () => { clearInterval(tradeTimer); clearInterval(staleTimer); if (frame) cancelAnimationFrame(frame); if (source) source.close(); };
}

/** Cumulative depth: bids stepping down to the left of the mid, asks to the right; axes in price and size. */
export function drawDepth(canvas, bids, asks) {
  const dpr = window.devicePixelRatio || 1;
  const cssW = canvas.clientWidth || canvas.width, cssH = canvas.clientHeight || canvas.height;
  if (canvas.width !== Math.round(cssW * dpr)) { canvas.width = Math.round(cssW * dpr); canvas.height = Math.round(cssH * dpr); }
  const g = canvas.getContext('2d');
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, cssW, cssH);
  if (!bids.length || !asks.length) return;
  const L = 64, R = 8, T = 8, B = 28;
  const w = cssW - L - R, hgt = cssH - T - B;
  const lo = bids[bids.length - 1][2], hi = asks[asks.length - 1][2];
  let cb = 0, ca = 0;
  const bc = bids.map(l => [l[2], cb += Number(l[1])]);
  const ac = asks.map(l => [l[2], ca += Number(l[1])]);
  const maxY = Math.max(cb, ca) || 1;
  const x = p => L + (hi === lo ? w / 2 : (p - lo) / (hi - lo) * w);
  const y = v => T + hgt - v / maxY * hgt;
  const area = (pts, colour) => {
    g.beginPath();
    g.moveTo(x(pts[0][0]), y(0));
    let prev = 0;
    for (const [p, c] of pts) { g.lineTo(x(p), y(prev)); g.lineTo(x(p), y(c)); prev = c; }
    g.lineTo(x(pts[pts.length - 1][0]), y(0));
    g.closePath();
    g.globalAlpha = 0.35; g.fillStyle = colour; g.fill();
    g.globalAlpha = 1; g.strokeStyle = colour; g.lineWidth = 1.5; g.stroke();
  };
  area(bc, '#0b6b2a');
  area(ac, '#a3231b');
  g.fillStyle = '#333'; g.strokeStyle = '#999'; g.lineWidth = 1; g.font = '11px system-ui, sans-serif';
  g.beginPath(); g.moveTo(L, T); g.lineTo(L, T + hgt); g.lineTo(L + w, T + hgt); g.stroke();
  g.textAlign = 'center'; g.textBaseline = 'top';
  for (let i = 0; i <= 4; i++) {
    const p = lo + (hi - lo) * i / 4;
    g.fillText(formatTick(p, hi - lo), L + w * i / 4, T + hgt + 6);
  }
  g.textAlign = 'right'; g.textBaseline = 'middle';
  for (let i = 0; i <= 4; i++) {
    const v = maxY * i / 4;
    g.fillText(v >= 1000 ? v.toFixed(0) : v.toPrecision(3), L - 6, y(v));
  }
}

/** A price axis label with as many decimals as the visible range needs. */
export function formatTick(p, range) {
  const d = range <= 0 ? 2 : Math.max(0, Math.min(8, Math.ceil(-Math.log10(range / 10)) + 1));
  return p.toFixed(d);
}
