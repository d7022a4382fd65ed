"""After an import everything works at once: the profile is derived, people are merged across
platforms and semantic search has its vectors (``ingest.after.refresh_derived``; the CLI calls it)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from desktop_app.core.ingest import service
from desktop_app.core.ingest.after import refresh_derived
from desktop_app.core.retrieval import indexer
from desktop_app.core.retrieval.embedder import HashEmbedder
from tests.conftest import PASSPHRASE, REPO
from tests.synth.archive import build_fb, build_ig


def test_refresh_derived_builds_profile_people_and_vectors(vault, tmp_path):
    fb = build_fb(tmp_path / "facebook-alex-01_01_2025-a.zip", era="FB-4", n_messages=200, n_threads=6, seed=3)
    ig = build_ig(tmp_path / "instagram-alex-01_01_2025-b.zip", era="IG-4", n_messages=120, n_threads=4, seed=4)
    assert service.run_import(vault, [fb, ig]).state == "done"
    stages: list[str] = []
    out = refresh_derived(vault, embedder=HashEmbedder(), progress=lambda p: stages.append(p.stage))
    assert out["errors"] == {}
    assert out["profile"]["facts"] > 0 and vault.scalar("SELECT count(*) FROM profile_facts") > 0
    assert indexer.status(vault, HashEmbedder.name)["pending"] == 0
    assert out["embedded"] is not None
    # the owner appears on both platforms and is one person afterwards
    assert vault.scalar("SELECT count(DISTINCT i.platform) FROM identities i JOIN people p ON p.id = i.person_id "
                        "WHERE p.is_me = 1 OR p.merged_into IN (SELECT id FROM people WHERE is_me = 1)") == 2
    assert "profile" in stages and "search index" in stages


def test_cli_import_leaves_profile_facts_ready(vault, profile, tmp_path):
    vault.lock()
    fb = build_fb(tmp_path / "facebook-alex-01_01_2025-c.zip", era="FB-4", n_messages=150, n_threads=5, seed=8)
    env = {**os.environ, "HEARTH_HOME": str(profile), "HEARTH_PASSPHRASE": PASSPHRASE, "PYTHONPATH": str(REPO)}

    def hearth(*argv):
        return subprocess.run([sys.executable, "-m", "desktop_app", *argv, "--json"], capture_output=True, text=True,
                              env=env, timeout=300, cwd=str(REPO))

    r = hearth("import", str(fb), "--no-embed")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["derived"]["profile"]["facts"] > 0 and out["embedded"] is None
    facts = json.loads(hearth("profile", "facts").stdout)
    assert facts.get("facts"), facts
