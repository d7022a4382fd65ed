"""The demo archive (resources/demo, real importer): the profile reads like Alex, and "Meta vs. me" is fair."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from desktop_app.core.profile.derive import derive_profile
from desktop_app.core.profile.meta import meta_vs_me
from desktop_app.core.profile.people import list_people
from desktop_app.core.profile.store import list_facts
from desktop_app.core.profile.summary import profile_summary

DEMO = Path(__file__).resolve().parents[2] / "resources" / "demo"


@pytest.fixture
def demo_vault(vault):
    from desktop_app.core.ingest.service import run_import

    run_import(vault, sorted(str(p) for p in DEMO.iterdir()))
    return vault


def test_demo_profile_names_alexs_interests_and_one_you(demo_vault):
    assert [p["name"] for p in list_people(demo_vault) if p["is_me"]] == ["Alex Rivera"]   # before any derive
    derive_profile(demo_vault)
    named = {f.value["name"]: f for f in list_facts(demo_vault, kinds=["interest"], with_evidence=True)
             if f.value.get("topic")}
    assert {"Rock climbing", "Sourdough baking", "Guitar"} <= set(named)
    assert "bio" in named["Rock climbing"].value["sources"]                     # "Climber 🧗 · Portland"
    texts = [t for (t,) in demo_vault.query(
        f"SELECT text FROM records WHERE id IN ({','.join('?' * len(named['Sourdough baking'].evidence))})",
        named["Sourdough baking"].evidence)]
    assert all("sourdough" in t.casefold() or "loa" in t.casefold() or "bak" in t.casefold() for t in texts[:5])
    interests = profile_summary(demo_vault).split("Interests: ", 1)[1].split(".", 1)[0].split(", ")
    assert set(interests) == set(named)


def test_demo_meta_vs_me_supports_what_alex_does(demo_vault):
    derive_profile(demo_vault)
    items = {i["name"]: i for i in meta_vs_me(demo_vault, embedder=None)["meta_inferred"]}
    for label in ("Sourdough bread", "Rock climbing", "Acoustic guitar"):
        assert items[label]["supported"] and items[label]["support_record_ids"], label
        assert items[label]["flag"] is None
    for label in ("Frequent travellers", "Remote work"):
        assert not items[label]["supported"] and items[label]["flag"] == "no support in your own activity"


class _CountingHash:
    """The project's hash embedder, counting what it is asked to encode (to see stored vectors reused)."""

    def __init__(self):
        from desktop_app.core.retrieval.embedder import HashEmbedder

        self._inner = HashEmbedder()
        self.name, self.dim = self._inner.name, self._inner.dim
        self.encoded: list[str] = []

    def encode(self, texts):
        self.encoded.extend(texts)
        return self._inner.encode(texts)


def test_stored_record_vectors_are_reused(demo_vault):
    from desktop_app.core.profile.context import build_context
    from desktop_app.core.profile.support import OwnRecords, semantic_matrix
    from desktop_app.core.retrieval import indexer
    from desktop_app.core.retrieval.embedder import HashEmbedder

    indexer.embed_pending(demo_vault, embedder=HashEmbedder())
    emb = _CountingHash()
    own = OwnRecords(build_context(demo_vault))
    ids, m = semantic_matrix(own, emb)
    assert set(ids) == set(own.items) and m.shape == (len(ids), emb.dim)
    # Only own records without a record unit (bio lines, events, groups without text units) were embedded here.
    assert len(emb.encoded) < len(own.items) / 2
    assert np.allclose(np.linalg.norm(m, axis=1), 1.0, atol=1e-3)


@pytest.mark.slow
def test_demo_meta_vs_me_by_meaning_with_the_real_model(demo_vault):
    """all-MiniLM-L6-v2 reads 'Hiking' in 'blue lake cabin hiking trails' and the trail guide, which share
    too few words with Meta's label for the words reader; unrelated labels stay unsupported."""
    from desktop_app.core.retrieval.embedder import embedder_available, get_embedder

    if not embedder_available():
        pytest.fail("the embedded model is part of the install")
    derive_profile(demo_vault)
    items = {i["name"]: i for i in meta_vs_me(demo_vault, embedder=get_embedder())["meta_inferred"]}
    assert items["Hiking"]["supported"] and "meaning" in items["Hiking"]["support_by"]
    assert items["Sourdough bread"]["supported"] and items["Rock climbing"]["supported"]
    for label in ("Frequent travellers", "Remote work", "Moving services"):
        assert not items[label]["supported"], label
