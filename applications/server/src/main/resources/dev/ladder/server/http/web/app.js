// Ladder web page: lists the books and keeps a live ladder of the chosen one from its SSE stream;
// lists the Betfair markets (when the server streams Betfair) and keeps the chosen market's runners live.
'use strict';
const ROWS = 15;
let source = null;
let selected = null;
const book = { bids: new Map(), asks: new Map(), lastUpdateId: -1, diffs: 0, snapshots: 0, state: '' };

function cell(text, cls) {
  const td = document.createElement('td');
  td.textContent = text;
  if (cls) td.className = cls;
  return td;
}

async function refreshBooks() {
  try {
    const res = await fetch('/api/books');
    const data = await res.json();
    const body = document.querySelector('#books tbody');
    body.replaceChildren();
    for (const b of data.books) {
      const tr = document.createElement('tr');
      const key = b.venue + '/' + b.symbol;
      if (key === selected) tr.className = 'selected';
      tr.append(cell(b.venue), cell(b.symbol), cell(b.state, 'state-' + b.state),
        cell(b.bestBid ? b.bestBid.price : '-', 'bid'), cell(b.bestAsk ? b.bestAsk.price : '-', 'ask'),
        cell(String(b.lastUpdateId)));
      tr.onclick = () => watch(b.venue, b.symbol);
      body.append(tr);
    }
    if (!selected && data.books.length > 0) watch(data.books[0].venue, data.books[0].symbol);
  } catch (e) {
    console.warn('books', e);
  }
}

function applyLevels(side, levels) {
  for (const [price, size] of levels) {
    if (Number(size) === 0) side.delete(price); else side.set(price, size);
  }
}

function watch(venue, symbol) {
  if (source) source.close();
  selected = venue + '/' + symbol;
  document.getElementById('ladder-box').hidden = false;
  document.getElementById('ladder-title').textContent = venue + ' ' + symbol;
  book.bids.clear(); book.asks.clear(); book.diffs = 0; book.snapshots = 0;
  source = new EventSource('/api/books/' + encodeURIComponent(venue) + '/' + encodeURIComponent(symbol) + '/stream');
  source.addEventListener('snapshot', ev => {
    const s = JSON.parse(ev.data);
    book.bids.clear(); book.asks.clear();
    applyLevels(book.bids, s.bids); applyLevels(book.asks, s.asks);
    book.lastUpdateId = s.lastUpdateId; book.state = s.state; book.snapshots++;
    scheduleRender();
  });
  source.addEventListener('diff', ev => {
    const d = JSON.parse(ev.data);
    applyLevels(book.bids, d.bids); applyLevels(book.asks, d.asks);
    book.lastUpdateId = d.lastUpdateId; book.diffs++;
    scheduleRender();
  });
  source.addEventListener('state', ev => { book.state = JSON.parse(ev.data).state; scheduleRender(); });
  source.onerror = () => { document.getElementById('ladder-status').textContent = 'stream interrupted; reconnecting...'; };
  refreshBooks();
}

let pending = false;
function scheduleRender() {
  if (!pending) { pending = true; setTimeout(render, 100); }
}

function render() {
  pending = false;
  const bids = [...book.bids.entries()].sort((a, b) => Number(b[0]) - Number(a[0])).slice(0, ROWS);
  const asks = [...book.asks.entries()].sort((a, b) => Number(a[0]) - Number(b[0])).slice(0, ROWS);
  const max = Math.max(1e-12, ...bids.map(l => Number(l[1])), ...asks.map(l => Number(l[1])));
  const body = document.querySelector('#ladder tbody');
  body.replaceChildren();
  for (let i = 0; i < ROWS; i++) {
    const tr = document.createElement('tr');
    const b = bids[i], a = asks[i];
    const bs = cell(b ? b[1] : '', 'bid');
    if (b) { const bar = document.createElement('span'); bar.className = 'bar'; bar.style.width = (60 * Number(b[1]) / max) + 'px'; bs.prepend(bar, ' '); }
    const as = cell(a ? a[1] : '', 'ask');
    if (a) { const bar = document.createElement('span'); bar.className = 'bar'; bar.style.width = (60 * Number(a[1]) / max) + 'px'; as.append(' ', bar); }
    tr.append(bs, cell(b ? b[0] : '', 'bid'), cell(a ? a[0] : '', 'ask'), as);
    body.append(tr);
  }
  document.getElementById('ladder-status').textContent =
    'state ' + book.state + ' · update id ' + book.lastUpdateId + ' · ' + book.diffs + ' diffs, ' +
    book.snapshots + ' snapshot(s) · ' + book.bids.size + ' bid / ' + book.asks.size + ' ask levels';
}

// Betfair markets: the list from /api/markets (404 when the server streams no Betfair: the section stays hidden)
let marketSource = null;
let selectedMarket = null;

async function refreshMarkets() {
  try {
    const res = await fetch('/api/markets');
    if (!res.ok) return;
    const data = await res.json();
    document.getElementById('betfair').hidden = false;
    const body = document.querySelector('#markets tbody');
    body.replaceChildren();
    for (const m of data.markets) {
      const tr = document.createElement('tr');
      if (m.marketId === selectedMarket) tr.className = 'selected';
      tr.append(cell(m.marketId), cell(m.eventTypeId || '-'), cell(m.marketType || '-'), cell(m.status || '-'),
        cell(m.inPlay ? 'yes' : 'no'), cell(String(m.runners)), cell(m.tv || '0'));
      tr.onclick = () => watchMarket(m.marketId);
      body.append(tr);
    }
    if (!selectedMarket && data.markets.length > 0) watchMarket(data.markets[0].marketId);
  } catch (e) {
    console.warn('markets', e);
  }
}

function watchMarket(marketId) {
  if (marketSource) marketSource.close();
  selectedMarket = marketId;
  document.getElementById('market-box').hidden = false;
  document.getElementById('market-title').textContent = 'market ' + marketId;
  let snapshots = 0;
  marketSource = new EventSource('/api/markets/' + encodeURIComponent(marketId) + '/stream?depth=3');
  marketSource.addEventListener('snapshot', ev => {
    snapshots++;
    renderMarket(JSON.parse(ev.data), snapshots);
  });
  marketSource.addEventListener('closed', () => {
    document.getElementById('market-status').textContent = 'market closed (left the cache)';
    marketSource.close();
  });
  marketSource.onerror = () => { document.getElementById('market-status').textContent = 'stream interrupted; reconnecting...'; };
  refreshMarkets();
}

function level(levels, i) {
  const l = levels && levels[i];
  return l ? l[0] + ' (' + l[1] + ')' : '';
}

function renderMarket(m, snapshots) {
  const body = document.querySelector('#runners tbody');
  body.replaceChildren();
  const runners = [...m.runners].sort((a, b) => (a.sortPriority || 0) - (b.sortPriority || 0));
  for (const r of runners) {
    const tr = document.createElement('tr');
    tr.append(cell((r.name || String(r.selectionId)) + (r.status && r.status !== 'ACTIVE' ? ' (' + r.status + ')' : ''), 'name'),
      cell(level(r.back, 2), 'back'), cell(level(r.back, 1), 'back'),
      cell(r.bestBack ? r.bestBack.price + ' (' + r.bestBack.size + ')' : '', 'back best'),
      cell(r.bestLay ? r.bestLay.price + ' (' + r.bestLay.size + ')' : '', 'lay best'),
      cell(level(r.lay, 1), 'lay'), cell(level(r.lay, 2), 'lay'),
      cell(r.ltp || '-'), cell(r.tv || '0'));
    body.append(tr);
  }
  document.getElementById('market-status').textContent =
    (m.eventName || m.venue || '') + ' · ' + m.status + (m.inPlay ? ' · in play' : '') + ' · matched ' + (m.tv || '0') +
    ' · back overround ' + (m.backOverround || '-') + '% · lay overround ' + (m.layOverround || '-') + '% · ' +
    snapshots + ' update(s)';
}

refreshBooks();
setInterval(refreshBooks, 2000);
refreshMarkets();
setInterval(refreshMarkets, 2000);
