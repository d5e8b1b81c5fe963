// Ladder web pages: a hash router over plain ES modules (no build step). The URL says where you are:
// #/ overview · #/book/{venue}/{symbol} · #/market/{marketId} · #/history/{venue}/{symbol}[?from&to&at]
// · #/history/betfair/{marketId}?selection=ID · #/racing[?date] · #/race/{raceId} · #/matches[?sport]
// Each page's mount(view, params) returns its cleanup (closing its EventSource streams and timers).
'use strict';
import * as overview from '/web/overview.js';
import * as book from '/web/book.js';
import * as market from '/web/market.js';
import * as history from '/web/history.js';
import * as racing from '/web/racing.js';
import * as matches from '/web/matches.js';

const ROUTES = [
  [/^\/?$/, 'overview', 'Overview', overview.mount],
  [/^\/book\/([^/]+)\/([^/]+)$/, 'overview', 'Book', book.mount],
  [/^\/market\/([^/]+)$/, 'overview', 'Market', market.mount],
  [/^\/history\/([^/]+)\/([^/]+)$/, 'overview', 'History', history.mount],
  [/^\/racing$/, 'racing', 'Racing', racing.mountSchedule],
  [/^\/race\/([^/]+)$/, 'racing', 'Race card', racing.mountCard],
  [/^\/matches$/, 'matches', 'Matches', matches.mount],
];

let cleanup = null;
let current = null;

function route() {
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0];
  if (path === current) return;
  current = path;
  if (cleanup) { cleanup(); cleanup = null; }
  const view = document.getElementById('view');
  view.replaceChildren();
  for (const [re, nav, title, mount] of ROUTES) {
    const m = re.exec(path);
    if (!m) continue;
    const params = m.slice(1).map(decodeURIComponent);
    document.title = title + (params.length ? ' ' + params.join(' ') : '') + ' · Ladder';
    for (const a of document.querySelectorAll('nav a[data-page]')) {
      if (a.dataset.page === nav) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
    }
    cleanup = mount(view, params) || null;
    return;
  }
  document.title = 'Not found · Ladder';
  view.append(Object.assign(document.createElement('p'), { textContent: 'No page at ' + location.hash + '. ' }),
    Object.assign(document.createElement('a'), { href: '#/', textContent: 'Overview' }));
}

window.addEventListener('hashchange', route);
route();
