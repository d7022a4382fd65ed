"""LoCoMo's development split, read from ``../shared/eval/locomo`` (CC BY-NC: never copied into the project).

``conversations()`` imports each conversation's Facebook ZIP into its own vault with the real
importer (and embeds it when asked), and maps each question's evidence texts to record ids.
Set ``HEARTH_LOCOMO_CACHE`` to a folder to keep the vaults between runs while developing; the
cache is keyed by the ZIP's digest and the newest migration, so an importer change rebuilds it.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PASS = "locomo-eval-pass"


def locomo_dir() -> Path | None:
    env = os.environ.get("HEARTH_LOCOMO")
    for p in ([Path(env)] if env else []) + [ROOT.parent / "shared" / "eval" / "locomo"]:
        if (p / "questions.jsonl").is_file():
            return p
    return None


@dataclass
class Question:
    conv: str
    zip: str
    k: int
    q: str
    cat: int
    answer: str
    evidence: list[str]
    evidence_ids: set[int] = field(default_factory=set)


@dataclass
class Conversation:
    conv: str
    zip_path: Path
    vault: object
    owner: str
    questions: list[Question]
    embedder: object | None = None


def load_questions(d: Path) -> list[Question]:
    out = []
    for line in (d / "questions.jsonl").read_text("utf-8").splitlines():
        if line.strip():
            j = json.loads(line)
            out.append(Question(str(j["conv"]), j["zip"], int(j["k"]), j["q"], int(j["cat"]), str(j["answer"]),
                                list(j.get("evidence") or [])))
    return out


def _norm(text: str) -> str:
    return " ".join((text or "").split()).lower()


def _cache_key(zip_path: Path, embed: bool) -> str:
    from desktop_app.core.store import migrations

    h = hashlib.sha256(zip_path.read_bytes())
    h.update(repr([m[0] for m in migrations.all_migrations()]).encode())
    h.update(b"embed" if embed else b"plain")
    return h.hexdigest()[:16]


def _build(zip_path: Path, profile: Path, embedder) -> object:
    from desktop_app.core.ingest.service import run_import
    from desktop_app.core.store.vault import create_vault

    vault = create_vault(profile, passphrase=PASS)
    # LoCoMo's session times are UTC: read them there, whatever this machine's zone ("yesterday"
    # said at 1:56 pm on 8 May is 7 May only in the zone the time was written in)
    from desktop_app.core.timezone import set_zone

    set_zone(vault, "UTC")
    run_import(vault, [zip_path])
    if embedder is not None:
        from desktop_app.core.retrieval.indexer import embed_pending

        embed_pending(vault, embedder=embedder)
    return vault


def _open(profile: Path):
    from desktop_app.core.store.vault import open_vault

    return open_vault(profile, passphrase=PASS)


def conversations(*, embed: bool = True, tmp: Path | None = None, only: set[str] | None = None) -> list[Conversation]:
    """One imported vault per conversation (raises FileNotFoundError when the split is absent)."""
    from desktop_app.core.paths import vault_file

    d = locomo_dir()
    if d is None:
        raise FileNotFoundError("LoCoMo development split not found at ../shared/eval/locomo")
    emb = None
    if embed:
        from desktop_app.core.retrieval.embedder import embedder_available, get_embedder

        emb = get_embedder() if embedder_available() else None
    qs = load_questions(d)
    cache = os.environ.get("HEARTH_LOCOMO_CACHE")
    base = Path(cache) if cache else Path(tmp or tempfile.mkdtemp(prefix="hearth-locomo-"))
    out = []
    for conv in dict.fromkeys(q.conv for q in qs):
        if only and conv not in only:
            continue
        cq = [q for q in qs if q.conv == conv]
        zp = d / cq[0].zip
        profile = base / f"{conv}-{_cache_key(zp, emb is not None)}"
        vault = _open(profile) if cache and vault_file(profile).exists() else _build(zp, profile, emb)
        owner = json.loads(_profile_json(zp))["profile_v2"]["name"]["full_name"]
        _map_evidence(vault, cq)
        out.append(Conversation(conv, zp, vault, owner, cq, emb))
    return out


def _profile_json(zip_path: Path) -> str:
    import zipfile

    with zipfile.ZipFile(zip_path) as z:
        name = next(n for n in z.namelist() if n.endswith("profile_information.json"))
        return z.read(name).decode("utf-8")


def _map_evidence(vault, qs: list[Question]) -> None:
    by_text: dict[str, set[int]] = {}
    for rid, text in vault.query("SELECT id, text FROM records WHERE kind = 'message'"):
        by_text.setdefault(_norm(text), set()).add(rid)
    for q in qs:
        q.evidence_ids = set()
        for ev in q.evidence:
            q.evidence_ids |= by_text.get(_norm(ev), set())


def evidence_messages(q: Question, vault) -> list[tuple[int, str]]:
    return [(rid, vault.scalar("SELECT text FROM records WHERE id = ?", (rid,))) for rid in sorted(q.evidence_ids)]


CATS = {1: "multi-hop", 2: "temporal", 3: "open-domain", 4: "single-hop", 5: "adversarial"}
_WS = re.compile(r"\s+")
