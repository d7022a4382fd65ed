"""Benchmark of profile derivation: time to derive every fact vs. one plain scan of the same records."""

from __future__ import annotations

import random
import tempfile
import time
from pathlib import Path

SIZES = (20_000, 100_000)


def _vault(root: Path, n: int):
    from desktop_app.core.domain import Record, Thread
    from desktop_app.core.ingest.writer import RecordWriter
    from desktop_app.core.store.vault import create_vault
    from tests.synth.archive import sentence

    rng = random.Random(n)
    v = create_vault(root / f"p{n}", passphrase="bench")
    friends = [f"Friend{i} Person{i}" for i in range(200)]
    with v.transaction():
        w = RecordWriter(v, owner_names=["Me Owner"])
        w.mark_me("facebook", "Me Owner")
        for i, f in enumerate(friends):
            w.thread_id(Thread(key=f"facebook:inbox/{i}", platform="facebook", title=f, participants=["Me Owner", f]))
        recs = []
        for i in range(n):
            mine = rng.random() < 0.5
            recs.append(Record("facebook", "message", 1_400_000_000_000 + i * 600_000, "Me Owner" if mine else friends[i % 200],
                               sentence(rng), thread_key=f"facebook:inbox/{i % 200}", is_mine=mine))
        recs += [Record("facebook", "ad_interest", None, "", f"Interest {i}", is_mine=False) for i in range(300)]
        for i in range(0, len(recs), 5000):
            w.write(recs[i:i + 5000])
    return v


def run() -> str:
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.meta import meta_vs_me
    from desktop_app.core.profile.summary import profile_summary

    rows = ["| records | scan (baseline) | derive | ratio | re-derive | meta vs me | summary | slowest steps |",
            "|---:|---:|---:|---:|---:|---:|---:|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            v = _vault(Path(tmp), n)
            t = time.perf_counter()
            sum(len(r[1] or "") for r in v.execute("SELECT id, text, extra, ts, author_id FROM records"))
            scan = time.perf_counter() - t
            t = time.perf_counter()
            report = derive_profile(v)
            first = time.perf_counter() - t
            t = time.perf_counter()
            derive_profile(v)
            again = time.perf_counter() - t
            t = time.perf_counter()
            meta_vs_me(v)
            meta = time.perf_counter() - t
            t = time.perf_counter()
            profile_summary(v)
            summ = time.perf_counter() - t
            slow = ", ".join(f"{k} {s:.2f} s" for k, s in sorted(report["steps"].items(), key=lambda kv: -kv[1])[:3])
            rows.append(f"| {n:,} | {scan:.2f} s | {first:.2f} s | {first / scan:.1f}x | {again:.2f} s | {meta:.2f} s "
                        f"| {summ * 1000:.0f} ms | {slow} |")
            v.lock()
    return ("## profile\n\nDeriving the whole profile (people, interests with keyword extraction, activity, languages, "
            "...) against one full scan of the same records in the same process. Synthetic chat: 200 1:1 threads.\n\n"
            + "\n".join(rows) + "\n")
