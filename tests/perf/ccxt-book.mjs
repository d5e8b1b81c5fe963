// Rebuilds a Binance spot order book from an hftbacktest capture (lines '<receive ns> <json>', gz or plain)
// with ccxt pro's own binance order-book code, without any network: the peer reference of compare.sh's
// binance-gz row (the README's "Whole commands") and of ccxt-agree.sh.
//
// Usage: node tests/perf/ccxt-book.mjs FILE [--symbol BTCUSDT] [--depth N (default 20; 0 = all)] [--json]
//        [--all-streams]
// ccxt is resolved from CCXT_DIR (default ~/.cache/ladder/ccxt-4.5.84, where .ci/run installs it), else
// from the current directory's node_modules.
//
// How the capture reaches ccxt (js/src/pro/binance.js), as its websocket client would deliver it:
// - every line's JSON is parsed (JSON.parse, as ccxt's client does for every frame);
// - an inline REST snapshot line ({"lastUpdateId",...}) stands for a (re)subscription: the driver puts the
//   subscription watchOrderBook builds into the stand-in client and hands ccxt the subscription ack through
//   handleMessage, so ccxt's handleOrderBookSubscription makes a fresh book and runs fetchOrderBookSnapshot;
//   that calls binance.fetchOrderBook, whose REST call (publicGetDepth) is answered with the snapshot line
//   itself; ccxt parses it, resets the book and unrolls its cached diffs by its update-id rules;
// - every depthUpdate goes through handleMessage (stream wrapper and all) to handleOrderBook, which keeps
//   or drops it by ccxt's spot rules (u > nonce; first U-1 <= nonce <= u-1, then U == previous u + 1) and
//   applies it; a gap is ccxt's ChecksumError: ccxt drops the book and rejects (counted here) until the
//   next snapshot line re-subscribes;
// - bookTicker and trade lines are parsed and counted, and only with --all-streams dispatched to ccxt too
//   (handleBidsAsks, handleTrade), as if the client had subscribed to those streams as well.
// The only change to ccxt's behaviour: spawn (ccxt defers the snapshot fetch with setTimeout 0) runs the
// fetch at once and the driver awaits it before the next line, so the snapshot applies where the capture
// has it. The book is never limit()ed (watchOrderBook's caller would trim it to 1000 levels on each
// delivery): ccxt keeps every level, as Ladder does. Network is disabled: ccxt's fetch and its websocket
// client factory throw, and the driver fails if either is ever called.
// Output: the book (best levels first) on stdout; a summary on stderr. Exit 0 with a book, 3 without one
// at the end (a gap since the last snapshot, or no snapshot), 1 on an error, 2 on usage.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';

const args = process.argv.slice(2);
let file, symbolId = 'BTCUSDT', depth = 20, json = false, allStreams = false, windowMs = 1000;
for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--all-streams') allStreams = true;
    else if (a === '--symbol') symbolId = args[++i];
    else if (a === '--depth') depth = Number(args[++i]);
    else if (a === '--window-ms') windowMs = Number(args[++i]);
    else if (a.startsWith('--')) usage('unknown option ' + a);
    else if (file === undefined) file = a;
    else usage('one file only');
}
if (file === undefined || !symbolId || !Number.isInteger(depth) || depth < 0) usage('FILE is required');

function usage(why) {
    console.error(`ccxt-book: ${why}\nusage: node ccxt-book.mjs FILE [--symbol BTCUSDT] [--depth N] [--json] [--all-streams]`);
    process.exit(2);
}

const ccxtDir = process.env.CCXT_DIR || path.join(os.homedir(), '.cache/ladder/ccxt-4.5.84');
let ccxt;
try {
    ccxt = createRequire(path.join(ccxtDir, 'noop.js'))('ccxt');
} catch {
    ccxt = createRequire(path.join(process.cwd(), 'noop.js'))('ccxt');
}

const quotes = ['USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'BTC', 'ETH', 'BNB', 'EUR', 'TRY'];
const quote = quotes.find((q) => symbolId.endsWith(q) && symbolId.length > q.length);
if (!quote) usage('cannot split ' + symbolId + ' into base and quote');
const base = symbolId.slice(0, -quote.length);
const symbol = base + '/' + quote;

const ex = new ccxt.pro.binance({ options: { defaultType: 'spot', fetchCurrencies: false } });
// the one market, as loadMarkets would have it from exchangeInfo (so no exchangeInfo call)
ex.setMarkets({
    [symbol]: {
        id: symbolId, lowercaseId: symbolId.toLowerCase(), symbol, base, quote, baseId: base, quoteId: quote,
        type: 'spot', spot: true, margin: false, swap: false, future: false, option: false, contract: false,
        active: true, precision: { price: 0.01, amount: 0.00001 }, limits: {}, info: {},
    },
});
const network = [];
ex.fetch = (url) => { network.push('fetch ' + url); throw new Error('ccxt-book: network disabled (' + url + ')'); };
ex.client = (url) => { network.push('ws ' + url); throw new Error('ccxt-book: network disabled (' + url + ')'); };
const answers = [];   // REST depth calls waiting for their snapshot line: { resolve, reject }
const snapshots = [];   // snapshot lines whose subscription ack is out and whose answer is not yet delivered
ex.publicGetDepth = (request) => new Promise((resolve, reject) => {
    if (request.symbol !== symbolId) reject(new Error('ccxt-book: unexpected depth request for ' + request.symbol));
    else answers.push({ resolve, reject });
});
const spawned = [];
ex.spawn = function (method, ...rest) {
    const p = method.apply(this, rest);
    spawned.push(p);
    return p;
};

let applied = 0;   // diffs ccxt applied to a book (live or unrolled from its cache), counted around its own method
const handleOrderBookMessage = ex.handleOrderBookMessage;
ex.handleOrderBookMessage = function (...a) {
    applied++;
    return handleOrderBookMessage.apply(this, a);
};
const rejections = [];
// stands in for ccxt's WsClient on the combined stream (isSpotUrl looks for '/stream'): it only collects
const client = {
    url: 'wss://stream.binance.com:9443/stream',
    subscriptions: {},
    resolved: 0,
    resolve(result, messageHash) { this.resolved++; return result; },
    reject(error, messageHash) { rejections.push(String(error && error.message ? error.message : error)); },
};
const messageHash = 'orderbook::' + symbol;
let requestId = 0;

const counts = { lines: 0, diffs: 0, snapshots: 0, bookTickers: 0, trades: 0, other: 0, malformed: 0 };

function subscribe() {
    requestId++;
    // what watchOrderBookForSymbols stores before it sends SUBSCRIBE; the ack then reaches
    // handleSubscriptionStatus -> handleOrderBookSubscription (a fresh book) -> fetchOrderBookSnapshot,
    // which waits in publicGetDepth for the snapshot line while handleOrderBook caches the diffs
    client.subscriptions[messageHash] = {
        id: String(requestId), name: 'depth', symbols: [symbol], method: ex.handleOrderBookSubscription,
        limit: undefined, type: 'spot', params: {},
    };
    ex.handleMessage(client, { result: null, id: requestId });
}

async function answer(entry) {
    answers.shift().resolve(entry.msg);   // the REST answer: ccxt parses it, resets the book, unrolls its cache
    while (spawned.length) await spawned.shift();
}

function deliver(entry) {
    const msg = entry.msg;
    const data = msg.data || msg;
    if (data.e === 'depthUpdate') ex.handleMessage(client, msg);
    else if (allStreams) ex.handleMessage(client, msg);
}

// Lines reach ccxt windowMs of receive time after they are read, so that a snapshot line's subscription
// ack can go out windowMs before it (ccxt then caches the diffs of that window, as it does while its REST
// call is under way); everything else keeps the capture's order.
const queue = [];
let head = 0;

// returns a promise only when a snapshot answer was delivered (ccxt's snapshot path is async)
function line(text) {
    counts.lines++;
    const space = text.indexOf(' ');
    const ms = Number(text.slice(0, space - 6));
    let msg;
    try {
        msg = JSON.parse(text.slice(space + 1));
    } catch {
        counts.malformed++;
        return undefined;
    }
    const snapshot = msg.lastUpdateId !== undefined && msg.bids !== undefined;
    if (snapshot) {
        counts.snapshots++;
        subscribe();
    } else {
        const data = msg.data || msg;
        if (data.e === 'depthUpdate') counts.diffs++;
        else if (data.e === 'trade') counts.trades++;
        else if (data.e === undefined && data.b !== undefined && data.a !== undefined) counts.bookTickers++;
        else counts.other++;
    }
    queue.push({ ms, msg, snapshot });
    return drain(ms - windowMs);
}

function drain(upTo) {
    while (head < queue.length && queue[head].ms <= upTo) {
        const entry = queue[head++];
        if (entry.snapshot) return answer(entry).then(() => drain(upTo));
        deliver(entry);
    }
    if (head > 4096) {
        queue.splice(0, head);
        head = 0;
    }
    return undefined;
}

const gzipped = (() => {
    const fd = fs.openSync(file, 'r');
    const head = Buffer.alloc(2);
    const n = fs.readSync(fd, head, 0, 2, 0);
    fs.closeSync(fd);
    return n === 2 && head[0] === 0x1f && head[1] === 0x8b;
})();
const source = fs.createReadStream(file, { highWaterMark: 1 << 20 });
const stream = gzipped ? source.pipe(zlib.createGunzip({ chunkSize: 1 << 20 })) : source;
stream.setEncoding('utf8');
let rest = '';
for await (const chunk of stream) {
    let text = rest + chunk;
    let start = 0;
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', start)) {
        const l = text.slice(start, nl);
        start = nl + 1;
        if (l.length === 0) continue;
        const p = line(l);
        if (p !== undefined) await p;
    }
    rest = text.slice(start);
}
if (rest.length > 0) await line(rest);
await drain(Infinity);
if (network.length) {
    console.error('ccxt-book: ccxt tried the network: ' + network.join(', '));
    process.exit(1);
}

const ob = ex.orderbooks[symbol];
const summary = `ccxt ${ccxt.version} binance: read ${counts.lines} lines (${counts.diffs} depth diffs, ${counts.snapshots} snapshots, `
    + `${counts.bookTickers} bookTickers, ${counts.trades} trades, ${counts.other} other, ${counts.malformed} malformed)`
    + `${allStreams ? ', all streams dispatched' : ''}; applied ${applied}, resolved ${client.resolved}, rejected ${rejections.length}`
    + (rejections.length ? ` (first: ${rejections[0]})` : '')
    + (ob ? `; ${symbol} nonce ${ob.nonce}, ${ob.bids.length} bids / ${ob.asks.length} asks` : `; ${symbol}: no book`);
console.error(summary);
if (!ob || ob.nonce === undefined) process.exit(3);
const top = (side) => (depth === 0 ? side.slice() : side.slice(0, depth)).map(([p, s]) => [p, s]);
if (json) {
    process.stdout.write(JSON.stringify({
        venue: 'binance', symbol: symbolId, lastUpdateId: ob.nonce, levels: { bids: ob.bids.length, asks: ob.asks.length },
        bids: top(ob.bids), asks: top(ob.asks),
    }) + '\n');
} else {
    const bid = ob.bids[0], ask = ob.asks[0];
    console.log(`${symbol} nonce ${ob.nonce}  best bid ${bid ? bid[0] + ' x ' + bid[1] : '-'}  best ask ${ask ? ask[0] + ' x ' + ask[1] : '-'}  levels ${ob.bids.length} bids / ${ob.asks.length} asks`);
    const b = top(ob.bids), a = top(ob.asks);
    for (let i = 0; i < Math.max(b.length, a.length); i++) {
        const l = b[i] ? `${b[i][1]} @ ${b[i][0]}` : '';
        const r = a[i] ? `${a[i][0]} x ${a[i][1]}` : '';
        console.log(`${l.padStart(32)}  |  ${r}`);
    }
}
