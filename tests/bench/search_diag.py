"""Search-quality diagnosis on the persona (a helper, not part of the benchmark run).

``python -m tests.bench.search_diag [--fails] [--modes hybrid,...]`` builds the persona vault
with the real embedder (unit and query vectors cached by text in /tmp/hearth_q, so a change to
units or ranking re-embeds only new texts), evaluates every mode and prints, per question that
hybrid misses, where the expected record ranked in each list and what came first.
"""

from __future__ import annotations

import argparse
import os
import pickle
import tempfile
import time
from pathlib import Path

import numpy as np

CACHE = Path(os.environ.get("HEARTH_DIAG_CACHE", "/tmp/hearth_q"))
PASS = "diag-passphrase"
RANKS = None   # a file to write each question's rank per mode to (--ranks)


class CachedEmbedder:
    """The real embedder with a text → vector cache kept on disk between runs."""

    def __init__(self) -> None:
        from desktop_app.core.retrieval.embedder import get_embedder

        self.real = get_embedder()
        self.name, self.dim = self.real.name, self.real.dim
        self.path = CACHE / "vectors.pkl"
        self.docs, self.queries = ({}, {})
        if self.path.exists():
            self.docs, self.queries = pickle.loads(self.path.read_bytes())
        self.dirty = False

    def encode(self, texts):
        new = [t for t in dict.fromkeys(texts) if t not in self.docs]
        if new:
            self.docs.update(zip(new, self.real.encode(new)))
            self.dirty = True
        return np.stack([self.docs[t] for t in texts]) if texts else np.zeros((0, self.dim), np.float32)

    def encode_query(self, text):
        v = self.queries.get(text)
        if v is None:
            v = self.queries[text] = self.real.encode_query(text)
            self.dirty = True
        return v

    def save(self) -> None:
        if self.dirty:
            CACHE.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_bytes(pickle.dumps((self.docs, self.queries)))
            tmp.replace(self.path)
            self.dirty = False


def build(tmp: Path, emb, seed: int = 7):
    from desktop_app.core.retrieval import indexer
    from desktop_app.core.store.vault import create_vault
    from tests.synth import persona

    p = persona.build(seed)
    vault = create_vault(tmp / "persona", passphrase=PASS)
    ids = p.write(vault)
    indexer.embed_pending(vault, embedder=emb)
    return p, vault, ids


def diagnose(vault, p, ids, emb, questions, show: bool) -> dict:
    from desktop_app.core.retrieval.search import search
    from tests.retrieval.evaluate import rank_of

    from desktop_app.core.retrieval import expansion

    expansion.prepare(vault, emb)   # built in the background otherwise
    stats = {m: [0, 0, 0.0] for m in ("keyword", "semantic", "hybrid")}
    fails = []
    for q in questions:
        exp = {ids[h] for h in q.expected_hashes if h in ids}
        ranks = {}
        res_by = {}
        for mode in stats:
            res = search(vault, q.question, filters=q.filters, limit=10, mode=mode, embedder=emb)
            r = rank_of(res.hits, exp)
            ranks[mode] = r
            res_by[mode] = res
            if r is not None:
                stats[mode][0] += r <= 5
                stats[mode][1] += r <= 10
                stats[mode][2] += 1 / r
        if ranks["hybrid"] is None or (ranks["hybrid"] or 99) > 10:
            fails.append((q, ranks, res_by))
        if RANKS is not None:
            RANKS.write("\t".join(str(ranks[m]) for m in stats) + f"\t{q.kind}\t{q.question}\n")
    n = len(questions)
    print("mode      r@5   r@10  MRR")
    for m, (a, b, c) in stats.items():
        print(f"{m:9} {a / n:.3f} {b / n:.3f} {c / n:.3f}")
    if show:
        for q, ranks, res_by in fails:
            exp_text = vault.scalar("SELECT text FROM records WHERE id = ?", (ids[q.expected_hashes[0]],))
            print(f"\n## [{q.kind}/{q.fact_type}] {q.question} filters={q.filters}  ranks={ranks}")
            print(f"   expected: {exp_text!r}  date_phrase={res_by['hybrid'].date_phrase}")
            for mode in ("keyword", "semantic", "hybrid"):
                for i, h in enumerate(res_by[mode].hits[:4], 1):
                    print(f"   {mode[:3]} {i} {h.unit:6} {h.score:.3f} {h.text[:90]!r}")
    return {m: (a / n, b / n, c / n) for m, (a, b, c) in stats.items()}


def _apply(cfg: str) -> str:
    """Set module constants from 'mod.NAME=value,...'; return the string that restores them."""
    import importlib

    from desktop_app.core.retrieval import centering

    undo = []
    for part in filter(None, cfg.split(",")):
        name, value = part.split("=", 1)
        value = value.replace(";", ",")   # tuples: search.NEIGHBOURS=(1;1)
        mod, attr = name.rsplit(".", 1)
        m = importlib.import_module(f"desktop_app.core.retrieval.{mod}")
        undo.append(f"{name}={getattr(m, attr)!r}".replace(",", ";"))
        setattr(m, attr, eval(value))  # noqa: S307 - a developer's own command line
    centering._cache.clear()
    return ",".join(undo)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fails", action="store_true")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("configs", nargs="*", help="runs to compare, each 'module.NAME=value,...' under"
                    " desktop_app.core.retrieval (e.g. centering.TOP_COMPONENTS=5,search.RRF_K=60)")
    ap.add_argument("--halves", action="store_true", help="also score the even and odd questions apart")
    ap.add_argument("--ranks", help="write 'keyword semantic hybrid kind question' ranks (TSV) here")
    a = ap.parse_args()
    global RANKS
    if a.ranks:
        RANKS = open(a.ranks, "w")
    emb = CachedEmbedder()
    CACHE.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=CACHE) as d:
        t = time.perf_counter()
        p, vault, ids = build(Path(d), emb, a.seed)
        emb.save()
        print(f"built in {time.perf_counter() - t:.1f} s; {len(p.questions)} questions")
        for cfg in a.configs or [""]:
            if cfg:
                print(f"\n### {cfg}")
            undo = _apply(cfg)
            diagnose(vault, p, ids, emb, p.questions, a.fails)
            if a.halves:
                for name, qs in (("even", p.questions[::2]), ("odd", p.questions[1::2])):
                    print(f"-- {name} half ({len(qs)} questions)")
                    diagnose(vault, p, ids, emb, qs, False)
            _apply(undo)
        emb.save()
        vault.lock()


if __name__ == "__main__":
    main()
