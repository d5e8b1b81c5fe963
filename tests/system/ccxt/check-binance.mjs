// Syncs an order book from a Ladder Binance simulator with an unmodified ccxt (ccxt.pro.binance),
// then pauses the simulator and checks that ccxt's book equals the simulator's book level by level.
// Usage: node check-binance.mjs <rest base, e.g. http://127.0.0.1:PORT> <symbol, e.g. BTCUSDT> [spot|futures]
// ccxt is resolved from NODE_PATH or the current directory's node_modules. Exit 0 on success.
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(path.join(process.cwd(), 'noop.js'));
const ccxt = require('ccxt');

const [rest, symbolId, kind = 'spot'] = process.argv.slice(2);
if (!rest || !symbolId) {
    console.error('usage: node check-binance.mjs <rest base> <symbol> [spot|futures]');
    process.exit(2);
}
const ws = rest.replace(/^http/, 'ws');
const futures = kind === 'futures';
const ex = new ccxt.pro.binance({
    options: {
        defaultType: futures ? 'future' : 'spot',
        fetchMarkets: { types: [futures ? 'linear' : 'spot'] },
        fetchCurrencies: false,
    },
});
ex.urls.api.public = rest + '/api/v3';
ex.urls.api.v1 = rest + '/api/v1';
ex.urls.api.fapiPublic = rest + '/fapi/v1';
ex.urls.api.ws.spot = ws + '/ws';
ex.urls.api.ws.future = ws + '/ws';

async function get(url) {
    const r = await fetch(url, { method: url.includes('/sim/') && !url.endsWith('/state') ? 'POST' : 'GET' });
    return r.headers.get('content-type')?.includes('json') ? r.json() : r.text();
}

const deadline = Date.now() + 60_000;
try {
    // ccxt refuses plain ws:// (the simulator has no TLS) until its http agent is loaded
    await ex.loadHttpProxyAgent();
    await ex.loadMarkets();
    const market = Object.values(ex.markets).find((m) => m.id === symbolId);
    if (!market) throw new Error('ccxt did not load ' + symbolId + ' from exchangeInfo');
    let book;
    for (let i = 0; i < 20; i++) {
        book = await ex.watchOrderBook(market.symbol);
    }
    console.log(`ccxt ${ccxt.version}: watchOrderBook(${market.symbol}) delivered ${book.bids.length} bids / ${book.asks.length} asks at nonce ${book.nonce}`);
    await get(rest + '/sim/pause');
    const state = await get(rest + '/sim/state');
    const target = state.lastUpdateIds[symbolId];
    while (ex.orderbooks[market.symbol].nonce !== target) {
        if (Date.now() > deadline) throw new Error(`ccxt nonce ${ex.orderbooks[market.symbol].nonce} never reached ${target}`);
        await new Promise((r) => setTimeout(r, 100));
    }
    const snap = await get(`${rest}${futures ? '/fapi/v1' : '/api/v3'}/depth?symbol=${symbolId}&limit=1000`);
    const ob = ex.orderbooks[market.symbol];
    const same = (mine, theirs) => mine.length === theirs.length
        && mine.every(([p, q], i) => p === Number(theirs[i][0]) && q === Number(theirs[i][1]));
    if (snap.lastUpdateId !== target) throw new Error('simulator moved while paused');
    if (!same(ob.bids, snap.bids) || !same(ob.asks, snap.asks)) {
        throw new Error(`book differs: ccxt ${ob.bids.length}/${ob.asks.length} levels, simulator ${snap.bids.length}/${snap.asks.length}`);
    }
    console.log(`OK: ccxt book equals the simulator's at update id ${target} (${ob.bids.length} bids, ${ob.asks.length} asks)`);
    await get(rest + '/sim/resume');
    await ex.close();
    process.exit(0);
} catch (e) {
    console.error('FAILED: ' + (e && e.stack ? e.stack : e));
    try { await ex.close(); } catch (ignored) { /* closing after a failure */ }
    process.exit(1);
}
