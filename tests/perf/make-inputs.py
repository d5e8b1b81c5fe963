#!/usr/bin/env python3
"""Builds the whole-process benchmark inputs of compare.sh from ../shared/data, outside the repository.

Usage: make-inputs.py SHARED_DATA_DIR OUT_DIR

OUT_DIR/binance/btcusdt-x12.gz  the real BTCUSDT capture (btcusdt_20240808.gz, 41,249 messages) played
    12 times end to end: update ids (U, u of diffs and bookTickers) shifted by the capture's id span so the
    diff chain continues unbroken, event times and receive times shifted by its time span; the inline
    REST snapshot widened from its 1,000 levels to 5,000 levels per side with seeded levels beyond every
    price the capture's diffs touch (no diff removes them), and repeated (ids shifted) at the start of every copy, since a copy's diffs make a
    valid book only on the book they started from. gzip level 6 (gzip's default).
OUT_DIR/betfair-plain/*.jsonl   250 plain files: the six shared Betfair files in turn (bzip2 ones
    decompressed), market ids renamed per copy (every "1.NNNNNNNNN" string) so every file holds markets of
    its own.
OUT_DIR/betfair-bz2/*.bz2       80 such files, bzip2 level 9.
Deterministic (seeded); rerunning rewrites the same bytes. A stamp file skips the work when present.
"""
import bz2, gzip, json, os, random, re, sys

shared, out = sys.argv[1], sys.argv[2]
REPS, PLAIN, BZ2, LEVELS = 12, 250, 80, 5000
stamp = os.path.join(out, 'STAMP-v3')
if os.path.exists(stamp):
    sys.exit(0)
os.makedirs(os.path.join(out, 'binance'), exist_ok=True)
os.makedirs(os.path.join(out, 'betfair-plain'), exist_ok=True)
os.makedirs(os.path.join(out, 'betfair-bz2'), exist_ok=True)

# --- Binance ---------------------------------------------------------------------------------------
lines = gzip.open(os.path.join(shared, 'binance', 'btcusdt_20240808.gz'), 'rt').read().splitlines()
first_u = last_u = None
t0 = t1 = None
for l in lines:
    ns, js = l.split(' ', 1)
    t0 = int(ns) if t0 is None else t0
    t1 = int(ns)
    if '"depthUpdate"' in js:
        d = json.loads(js)['data']
        first_u = d['U'] if first_u is None else first_u
        last_u = d['u']
id_span = last_u - first_u + 1
ns_span = t1 - t0 + 1_000_000
ms_span = ns_span // 1_000_000
rnd = random.Random(13)


def money(cents):
    return '%d.%02d000000' % (cents // 100, cents % 100)


# the widened levels exist only in our snapshot: no diff of the real capture ever removes them, so they
# must lie beyond every price the capture touches (else the book crosses: a divergence ladder reports)
touched = [float(p) for l in lines if '"depthUpdate"' in l
           for side in ('b', 'a') for p, _ in json.loads(l.split(' ', 1)[1])['data'][side]]
low_cents, high_cents = int(min(touched) * 100) - 100, int(max(touched) * 100) + 100


def widen(js):
    snap = json.loads(js)
    for side, step in (('bids', -1), ('asks', 1)):
        levels = snap[side]
        cents = int(round(float(levels[-1][0]) * 100))
        cents = min(cents, low_cents) if step < 0 else max(cents, high_cents)
        while len(levels) < LEVELS:
            cents += step * rnd.randint(1, 3)
            levels.append([money(cents), '%.8f' % (rnd.randint(1, 200000) / 100000)])
    return json.dumps(snap, separators=(',', ':'))


ids = re.compile(r'"([Uu])":(\d+)')
ids_snap = re.compile(r'"lastUpdateId":(\d+)')
widened = None
for l in lines:
    ns, js = l.split(' ', 1)
    if js.startswith('{"lastUpdateId"'):
        widened = widen(js)
        break
times = re.compile(r'"([ET])":(\d+)')
with gzip.open(os.path.join(out, 'binance', 'btcusdt-x12.gz'), 'wt', compresslevel=6) as w:
    for k in range(REPS):
        for l in lines:
            ns, js = l.split(' ', 1)
            if js.startswith('{"lastUpdateId"'):
                # every copy starts from its own snapshot (ids shifted like its diffs): a copy's diffs
                # only make a valid book on top of the book they started from, and ladder book checks
                # (a crossed book is a divergence), so the copies must not be chained bare
                snap = widened if k == 0 else ids_snap.sub(lambda m: '"lastUpdateId":%d' % (int(m.group(1)) + k * id_span), widened)
                w.write('%d %s\n' % (int(ns) + k * ns_span, snap))
                continue
            if k:
                js = ids.sub(lambda m: '"%s":%d' % (m.group(1), int(m.group(2)) + k * id_span), js)
                js = times.sub(lambda m: '"%s":%d' % (m.group(1), int(m.group(2)) + k * ms_span), js)
            w.write('%d %s\n' % (int(ns) + k * ns_span, js))

# --- Betfair ---------------------------------------------------------------------------------------
sources = ['1.200806927.bz2', '1.180305278.bz2', '1.185781277.bz2', '1.242971311.bz2', '1.197931750.bz2',
           'BASIC-1.132153978']
texts = []
for s in sources:
    raw = open(os.path.join(shared, 'betfair', s), 'rb').read()
    texts.append(bz2.decompress(raw).decode() if s.endswith('.bz2') else raw.decode())
market = re.compile(r'"1\.(\d{9})"')


def renamed(i):
    text = texts[i % len(texts)]
    names = {}

    def sub(m):
        if m.group(1) not in names:
            names[m.group(1)] = '"1.%05d%04d"' % (i, len(names))
        return names[m.group(1)]
    return market.sub(sub, text)


for i in range(PLAIN):
    with open(os.path.join(out, 'betfair-plain', '%05d.jsonl' % i), 'w') as w:
        w.write(renamed(i))
for i in range(BZ2):
    with open(os.path.join(out, 'betfair-bz2', '%05d.bz2' % i), 'wb') as w:
        w.write(bz2.compress(renamed(10000 + i).encode(), 9))
open(stamp, 'w').write('done\n')
