// Overview: every live book and Betfair market with its state, last update age and best prices; filter and search.
'use strict';
import { h, getJson, age, table, every, hashQuery, setHashQuery } from '/web/util.js';

/** A book whose last change is older than this while "live" is shown stale. */
const STALE_MS = 10000;

export function mount(view) {
  const q = hashQuery();
  const search = h('input', { id: 'filter', type: 'search', placeholder: 'symbol, market, event…', value: q.get('q') || '',
    'aria-label': 'Filter books and markets' });
  const stateSel = h('select', { id: 'state-filter', 'aria-label': 'Filter by state' },
    ['all', 'live', 'resyncing', 'stale', 'disconnected', 'open', 'suspended', 'closed'].map(s =>
      h('option', { value: s, text: s === 'all' ? 'every state' : s, selected: (q.get('state') || 'all') === s })));
  const books = table('Books: click a row for its live ladder; history for its heatmap.',
    ['<venue', '<symbol', '<state', 'updated', 'best bid', 'size', 'best ask', 'size', 'update id', '<'], 'books');
  const markets = table('Betfair markets: click a row for its runners live.',
    ['<market', '<event', '<type', '<state', 'in play', 'updated', 'runners', '<favourite', 'back', 'lay', 'matched', '<'], 'markets');
  const note = h('p', { class: 'muted small', id: 'overview-status' });
  view.append(h('h1', null, 'Overview'),
    h('div', { class: 'toolbar', role: 'search' }, h('label', null, 'Search ', search), h('label', null, 'State ', stateSel)),
    h('h2', null, 'Order books'), books.box, h('section', { id: 'betfair', hidden: true }, h('h2', null, 'Betfair markets'), markets.box),
    note);

  let lastBooks = [], lastMarkets = [], betfairUp = null;
  const favourites = new Map();
  const matches = (text, state) => {
    const f = search.value.trim().toLowerCase();
    const s = stateSel.value;
    return (!f || text.toLowerCase().includes(f)) && (s === 'all' || s === state);
  };
  const go = href => { location.hash = href; };
  const bookState = b => b.state === 'live' && Date.now() - b.receiveTime > STALE_MS ? 'stale' : b.state;
  const marketState = m => betfairUp === false ? 'disconnected' : m.status.toLowerCase();

  function render() {
    const now = Date.now();
    // rows are rebuilt every refresh: keep the keyboard focus on the same link
    const active = document.activeElement;
    const focused = active && active.closest && active.closest('#books, #markets') ? active.getAttribute('href') : null;
    books.body.replaceChildren(...lastBooks.filter(b => matches(b.venue + ' ' + b.symbol, bookState(b))).map(b => {
      const st = bookState(b);
      const href = '#/book/' + encodeURIComponent(b.venue) + '/' + encodeURIComponent(b.symbol);
      return h('tr', { class: 'link', onclick: () => go(href), data: { symbol: b.symbol } },
        h('td', { class: 'l' }, b.venue), h('td', { class: 'l' }, h('a', { href }, b.symbol)),
        h('td', { class: 'l' }, h('span', { class: 'state state-' + st }, st)),
        h('td', null, age(now - b.receiveTime)),
        h('td', { class: 'bid' }, b.bestBid ? b.bestBid.price : '-'), h('td', null, b.bestBid ? b.bestBid.size : ''),
        h('td', { class: 'ask' }, b.bestAsk ? b.bestAsk.price : '-'), h('td', null, b.bestAsk ? b.bestAsk.size : ''),
        h('td', null, b.lastUpdateId),
        h('td', { class: 'l' }, h('a', { href: '#/history/' + encodeURIComponent(b.venue) + '/' + encodeURIComponent(b.symbol),
          onclick: e => e.stopPropagation(), 'aria-label': 'history of ' + b.symbol }, 'history')));
    }));
    const ms = lastMarkets.filter(m => matches([m.marketId, m.eventName, m.venue, m.marketType].join(' '), marketState(m)));
    markets.body.replaceChildren(...ms.map(m => {
      const st = marketState(m);
      const fav = favourites.get(m.marketId);
      const href = '#/market/' + encodeURIComponent(m.marketId);
      return h('tr', { class: 'link', onclick: () => go(href), data: { market: m.marketId } },
        h('td', { class: 'l' }, h('a', { href }, m.marketId)), h('td', { class: 'l' }, m.eventName || m.venue || '-'),
        h('td', { class: 'l' }, m.marketType || '-'), h('td', { class: 'l' }, h('span', { class: 'state state-' + st }, st)),
        h('td', null, m.inPlay ? 'yes' : 'no'), h('td', null, age(now - Number(m.pt))), h('td', null, m.runners),
        h('td', { class: 'l' }, fav ? fav.name : ''), h('td', { class: 'back' }, fav && fav.back ? fav.back : ''),
        h('td', { class: 'lay' }, fav && fav.lay ? fav.lay : ''), h('td', null, m.tv || '0'),
        h('td', { class: 'l' }, h('a', { href: '#/race/' + encodeURIComponent(m.marketId), onclick: e => e.stopPropagation(),
          'aria-label': 'race card of ' + m.marketId }, m.eventTypeId === '7' || m.eventTypeId === '4339' ? 'race card' : '')));
    }));
    if (focused) {
      const again = [...view.querySelectorAll('#books a, #markets a')].find(x => x.getAttribute('href') === focused);
      if (again) again.focus();
    }
    note.textContent = lastBooks.length + ' books, ' + lastMarkets.length + ' markets · updated ' + new Date().toISOString().slice(11, 19) + ' UTC';
    const p = new URLSearchParams();
    if (search.value.trim()) p.set('q', search.value.trim());
    if (stateSel.value !== 'all') p.set('state', stateSel.value);
    setHashQuery(p);
  }

  async function refresh() {
    try {
      lastBooks = (await getJson('/api/books')).books;
      try {
        lastMarkets = (await getJson('/api/markets')).markets;
        view.querySelector('#betfair').hidden = false;
        const health = await fetch('/health').then(r => r.json());
        betfairUp = health.betfair ? health.betfair.subscribed : null;
      } catch (e) {
        lastMarkets = [];
      }
      render();
    } catch (e) {
      note.textContent = 'cannot read the books: ' + e.message;
    }
  }

  /** The favourite (lowest best back) of the visible open markets, 40 at most, each a depth-1 read. */
  async function refreshFavourites() {
    const open = lastMarkets.filter(m => m.status !== 'CLOSED').slice(0, 40);
    await Promise.all(open.map(async m => {
      try {
        const d = await getJson('/api/markets/' + encodeURIComponent(m.marketId) + '?depth=1');
        let best = null;
        for (const r of d.runners) {
          if (r.status && r.status !== 'ACTIVE') continue;
          if (r.bestBack && (!best || Number(r.bestBack.price) < Number(best.bestBack.price))) best = r;
        }
        favourites.set(m.marketId, best ? { name: best.name || best.selectionId, back: best.bestBack.price,
          lay: best.bestLay ? best.bestLay.price : '' } : null);
      } catch (e) {
        favourites.delete(m.marketId);
      }
    }));
    render();
  }

  search.addEventListener('input', render);
  stateSel.addEventListener('change', render);
  const stops = [every(2000, refresh), every(5000, () => lastMarkets.length && refreshFavourites())];
  setTimeout(refreshFavourites, 600);
  return () => stops.forEach(s => s());
}
