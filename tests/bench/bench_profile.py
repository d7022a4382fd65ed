"""Benchmark of the profile: how right it is on generated personas, and how long deriving takes.

Quality: on ``tests.synth.persona.build_interests`` personas (English and Portuguese), whose true
interests and supported Meta labels the generator knows: precision and recall of the named
interests the profile derives, words that must never be an interest (stopwords, pronouns,
contractions, #numbers), names shown in the user's language, and "Meta vs. me" agreement with
the truth, by words only and with the sentence model. Time: derive against one full scan.
"""

from __future__ import annotations

import random
import re
import tempfile
import time
from pathlib import Path
from typing import Any

SIZES = (20_000, 100_000)
SEEDS = (1, 2, 3, 4, 5, 6)          # the personas the vocabulary and thresholds were tuned on
HELD_OUT = (7, 8, 9, 10, 11, 12)     # never looked at while tuning (same generator, other draws)
LANGS = ("en", "pt")
PRONOUNS = frozenset("""i me my mine you your yours he him his she her hers it its we us our ours they them their
    theirs myself yourself eu tu ele ela nós vocês eles elas meu minha seu sua""".split())


def bad_interest_name(name: str) -> bool:
    """A stopword, pronoun, contraction or hashtag-number shown as an interest."""
    from desktop_app.core.profile.text import ALL_STOPWORDS, tokens

    if re.fullmatch(r"#?\d+", name.strip()) or re.search(r"#\d", name):
        return True
    toks = tokens(name)
    if not toks:
        return True
    if any("'" in t or "’" in t for t in toks):
        return True
    return all(t in ALL_STOPWORDS or t in PRONOUNS for t in toks)


def evaluate(seeds=SEEDS, langs=LANGS, *, embedder: Any = None, root: Path | None = None) -> dict[str, Any]:
    """Interest precision/recall and Meta-vs-me agreement over the personas (words only unless ``embedder``)."""
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.meta import meta_vs_me
    from desktop_app.core.profile.store import list_facts
    from desktop_app.core.profile.summary import is_named_interest, profile_summary
    from desktop_app.core.profile.text import fold
    from desktop_app.core.profile.topics import BY_KEY
    from desktop_app.core.store.vault import create_vault
    from tests.synth.persona import build_interests

    tp = fp = fn = bad = names = in_lang = 0
    agree_words = agree_model = labels = 0
    rows = []
    with tempfile.TemporaryDirectory(dir=root) as tmp:
        for seed in seeds:
            for lang in langs:
                p = build_interests(seed, lang=lang)
                v = create_vault(Path(tmp) / f"{lang}{seed}", passphrase="bench")
                p.write(v)
                derive_profile(v)
                facts = list_facts(v, kinds=["interest"])
                named = [f for f in facts if is_named_interest(f)]
                got = {f.value.get("topic") for f in named}
                truth = set(p.true_interests)
                tp += len(got & truth)
                fp += len(got - truth)
                fn += len(truth - got)
                own = [f for f in facts if not f.value.get("meta_only")]
                bad += sum(1 for f in own if bad_interest_name(f.value["name"]))
                summary = profile_summary(v)
                listed = summary.split("Interests: ", 1)[1].split(".", 1)[0].split(", ") if "Interests: " in summary else []
                bad += sum(1 for n in listed if bad_interest_name(n))
                for f in named:
                    names += 1
                    in_lang += f.value["name"] == BY_KEY[fold(f.value["topic"])].shown(lang)
                words = {i["name"]: i["supported"] for i in meta_vs_me(v, embedder=None)["meta_inferred"]}
                aw = sum(words.get(k) == t for k, t in p.meta_truth.items())
                am = None
                if embedder is not None:
                    model = {i["name"]: i["supported"] for i in meta_vs_me(v, embedder=embedder)["meta_inferred"]}
                    am = sum(model.get(k) == t for k, t in p.meta_truth.items())
                    agree_model += am
                agree_words += aw
                labels += len(p.meta_truth)
                wrong = sorted(k for k, t in p.meta_truth.items() if words.get(k) != t)
                rows.append({"persona": f"{lang}-{seed}", "truth": sorted(truth), "derived": sorted(got),
                             "meta_wrong_words": wrong,
                             "meta_words": f"{aw}/{len(p.meta_truth)}",
                             "meta_model": f"{am}/{len(p.meta_truth)}" if am is not None else "-"})
                v.lock()
    return {"precision": tp / (tp + fp) if tp + fp else 1.0, "recall": tp / (tp + fn) if tp + fn else 1.0,
            "bad_names": bad, "in_language": in_lang / names if names else 1.0,
            "meta_agreement_words": agree_words / labels if labels else 1.0,
            "meta_agreement_model": agree_model / labels if labels and embedder is not None else None,
            "labels": labels, "personas": rows}


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


def _timing() -> str:
    from desktop_app.core.profile.derive import derive_profile
    from desktop_app.core.profile.meta import meta_vs_me
    from desktop_app.core.profile.summary import profile_summary

    rows = ["| records | scan (baseline) | derive | derive CPU | ratio | re-derive | meta vs me (words) | summary "
            "| slowest steps |", "|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for n in SIZES:
            v = _vault(Path(tmp), n)
            t = time.perf_counter()
            sum(len(r[1] or "") for r in v.execute("SELECT id, text, extra, ts, author_id FROM records"))
            scan = time.perf_counter() - t
            t, c = time.perf_counter(), time.process_time()
            report = derive_profile(v)
            first, first_cpu = time.perf_counter() - t, time.process_time() - c
            t = time.perf_counter()
            derive_profile(v)
            again = time.perf_counter() - t
            t = time.perf_counter()
            meta_vs_me(v, embedder=None)
            meta = time.perf_counter() - t
            t = time.perf_counter()
            profile_summary(v)
            summ = time.perf_counter() - t
            slow = ", ".join(f"{k} {s:.2f} s" for k, s in sorted(report["steps"].items(), key=lambda kv: -kv[1])[:3])
            rows.append(f"| {n:,} | {scan:.2f} s | {first:.2f} s | {first_cpu:.2f} s | {first / scan:.1f}x | {again:.2f} s "
                        f"| {meta:.2f} s "
                        f"| {summ * 1000:.0f} ms | {slow} |")
            v.lock()
    return "\n".join(rows)


def _quality() -> str:
    from desktop_app.core.retrieval.embedder import embedder_available, get_embedder

    emb = get_embedder() if embedder_available() else None
    tuned, held = evaluate(SEEDS, embedder=emb), evaluate(HELD_OUT, embedder=emb)

    def model(r: dict[str, Any]) -> str:
        return f"{r['meta_agreement_model']:.2f}" if r["meta_agreement_model"] is not None else "not installed"

    lines = [
        "| measure | tuning seeds 1-6 | held-out seeds 7-12 | target |", "|---|---:|---:|---:|",
        f"| interest precision | {tuned['precision']:.2f} | {held['precision']:.2f} | >= 0.80 |",
        f"| interest recall | {tuned['recall']:.2f} | {held['recall']:.2f} | >= 0.80 |",
        f"| stopword / pronoun / contraction / #number interests | {tuned['bad_names']} | {held['bad_names']} | 0 |",
        f"| named interests shown in the user's language | {tuned['in_language']:.2f} | {held['in_language']:.2f} | 1.00 |",
        f"| Meta vs. me agreement, words + vocabulary | {tuned['meta_agreement_words']:.2f} "
        f"| {held['meta_agreement_words']:.2f} | >= 0.90 |",
        f"| Meta vs. me agreement, with all-MiniLM-L6-v2 | {model(tuned)} | {model(held)} | >= 0.90 |",
        "", "| persona | true interests | derived | Meta agreement (words) | (model) |", "|---|---|---|---:|---:|"]
    for p in tuned["personas"] + held["personas"]:
        lines.append(f"| {p['persona']} | {', '.join(p['truth'])} | {', '.join(p['derived'])} | {p['meta_words']} "
                     f"| {p['meta_model']} |")
    return "\n".join(lines) + f"\n\n{len(tuned['personas']) + len(held['personas'])} personas, " \
        f"{tuned['labels'] + held['labels']} Meta labels."


def run() -> str:
    quality = _quality()
    timing = _timing()
    return ("## profile\n\nQuality on generated personas (`tests.synth.persona.build_interests`, English and Portuguese, "
            "everyday chat around 4 true interests written as people write them; Meta labels: one per true interest "
            "plus 4 with no support, which friends, not the owner, talk about). The vocabulary and the generator "
            "were written by the same hand, so these figures check the machinery, not coverage of real lives.\n\n"
            + quality + "\n\nDeriving the whole profile (people, interests, activity, languages, ...) against one "
            "full scan of the same records in the same process (CPU time beside wall time: the machine is shared). "
            "Synthetic chat: 200 1:1 threads.\n\n" + timing + "\n")
