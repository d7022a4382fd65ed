"""Synthetic exports of every era/format: detection, counts, mojibake, merging, exclusions, CLI."""

from __future__ import annotations

import csv
import json
import random

import pytest

from desktop_app.core.importers.detect import export_id_from_name
from desktop_app.core.importers.plan import plan_export
from desktop_app.core.importers.vfs import open_source
from desktop_app.core.importers.detect import group_exports
from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from tests.synth.archive import (OWNER, Msg, ThreadSpec, build_fb, build_ig, random_threads, split_zip, whatsapp_txt,
                                 write_corpus)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return write_corpus(tmp_path_factory.mktemp("corpus"))


@pytest.mark.parametrize("name,platform,era,fmt", [
    ("FB-1", "facebook", "FB-1", "json"), ("FB-2", "facebook", "FB-2", "json"), ("FB-3", "facebook", "FB-3", "json"),
    ("FB-4", "facebook", "FB-4", "json"), ("FB-HTML", "facebook", "FB-4", "html"), ("IG-1", "instagram", "IG-1", "json"),
    ("IG-2", "instagram", "IG-2", "json"), ("IG-3", "instagram", "IG-3", "json"), ("IG-4", "instagram", "IG-4", "json"),
    ("WA", "whatsapp", "WA", "txt")])
def test_detection_and_counts(corpus, name, platform, era, fmt):
    rep = service.inspect([corpus[name]])
    e = rep.exports[0]
    assert (e["platform"], e["era"], e["format"]) == (platform, era, fmt)
    found = {k: v.found for k, v in rep.categories.items() if v.found}
    assert found.get("messages", 0) > 0
    assert not rep.unknown_files
    assert not [s for c in rep.categories.values() for s in c.skipped]
    if fmt == "json" and platform == "facebook":
        assert found["messages"] == 60 and found["posts"] == 8 and found["comments"] == 8 and found["likes"] == 8
    if name == "FB-4":
        assert found["links"] == 4 and found["ad_data"] == 13 and "security_and_login_information/browser_cookies.json" \
            in rep.known_not_imported


def test_all_eras_import_with_mojibake_repaired_and_owner(corpus, vault):
    rep = service.run_import(vault, list(corpus.values()))
    # same seed in every era: the overlapping content is merged, not doubled
    assert rep.state == "done" and rep.imported > 300 and rep.imported + rep.duplicates > 800 and rep.skipped_files == 0
    texts = " ".join(t for (t,) in vault.query("SELECT text || author FROM records"))
    assert "Ã" not in texts and "Å" not in texts and "â" not in texts     # no mojibake left
    assert "Zoë Łukasz" in {n for (n,) in vault.query("SELECT display_name FROM people")}
    assert "🙂" in texts or "❤️" in texts
    assert vault.scalar("SELECT count(*) FROM records WHERE kind='message' AND is_mine = 1") > 0
    assert vault.scalar("SELECT count(*) FROM records WHERE kind='message' AND platform='whatsapp' AND is_mine IS NULL") == 0
    # attachments are references with a resolved location inside the ZIP; nothing extracted
    ex = [json.loads(x) for (x,) in vault.query("SELECT extra FROM records WHERE extra LIKE '%attachments%' "
                                                "AND platform='facebook' AND kind='message'")]
    assert ex and any(a["path"] and "!" in a["path"] for e in ex for a in e["attachments"])
    assert vault.scalar("SELECT count(*) FROM records WHERE text MATCH 'x'" if False else "SELECT 1")
    hits = vault.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'cabin'")
    assert hits > 0


def test_overlapping_exports_and_renamed_thread_merge(tmp_path, vault):
    rng = random.Random(3)
    base = list(random_threads(rng, 40, 2))
    old = build_fb(tmp_path / "facebook-alex-01_01_2024-aaaa.zip", era="FB-3", threads=base, n_other=24, seed=5)
    renamed = [ThreadSpec(slug="newname_" + t.slug.split("_", 1)[1], title=t.title + " (renamed)",
                          participants=t.participants, messages=t.messages + [Msg(OWNER, 1_800_000_000_000, "newer")])
               for t in base]
    new = build_fb(tmp_path / "facebook-alex-01_06_2025-bbbb.zip", era="FB-4", threads=renamed, n_other=24, seed=5)
    r1 = service.run_import(vault, [old])
    r2 = service.run_import(vault, [new])
    assert r2.cat("messages").imported == 2 and r2.cat("messages").duplicates == 40
    assert vault.scalar("SELECT count(*) FROM threads") == 2
    assert r1.cat("posts").imported == r2.cat("posts").duplicates


def test_zip_parts_form_one_export(tmp_path, vault):
    whole = build_fb(tmp_path / "whole.zip", era="FB-4", n_messages=50, n_threads=3, seed=9)
    parts = split_zip(whole, 3, tmp_path, "facebook-alex-02_02_2025")
    assert export_id_from_name(parts[0].name) == export_id_from_name(parts[1].name)
    rep = service.run_import(vault, parts)
    assert len(rep.exports) == 1 and rep.exports[0]["era"] == "FB-4"
    assert rep.cat("messages").imported == 50
    # photos live in other parts than the JSON: still resolved
    paths = [a["path"] for (x,) in vault.query("SELECT extra FROM records WHERE extra LIKE '%photos/%'")
             for a in json.loads(x).get("attachments", [])]
    assert paths and all(p for p in paths)


def test_accounts_center_zip_with_two_exports(tmp_path):
    import zipfile
    fb = build_fb(tmp_path / "fb.zip", era="FB-4", n_messages=10, n_threads=1)
    ig = build_ig(tmp_path / "ig.zip", era="IG-4", n_messages=10, n_threads=1)
    outer = tmp_path / "meta-2025-Jan-01.zip"
    with zipfile.ZipFile(outer, "w") as z:
        for src, top in ((fb, "meta-2025/facebook-alex-01_01_2025-aa/"), (ig, "meta-2025/instagram-alex-2025-01-01-bb/")):
            with zipfile.ZipFile(src) as s:
                for n in s.namelist():
                    z.writestr(top + n, s.read(n))
    rep = service.inspect([outer])
    assert sorted(e["platform"] for e in rep.exports) == ["facebook", "instagram"]


def test_exclusions_are_never_written(corpus, vault):
    opts = ImportOptions(exclude_categories={"searches"}, exclude_people={"Sam Carter"},
                         since_ms=1_577_836_800_000, until_ms=1_578_500_000_000)
    rep = service.run_import(vault, [corpus["FB-4"]], options=opts)
    assert rep.state == "done"
    assert vault.scalar("SELECT count(*) FROM records WHERE category = 'searches'") == 0
    assert vault.scalar("SELECT count(*) FROM records WHERE author = 'Sam Carter'") == 0
    assert vault.scalar("SELECT count(*) FROM threads WHERE title = 'Sam Carter'") == 0
    assert vault.scalar("SELECT count(*) FROM identities WHERE name = 'Sam Carter'") == 0
    assert vault.scalar("SELECT count(*) FROM records WHERE ts IS NOT NULL AND (ts < ? OR ts >= ?)",
                        (opts.since_ms, opts.until_ms)) == 0
    assert rep.cat("messages").excluded > 0


def test_exclude_thread_by_title(corpus, vault):
    rep = service.run_import(vault, [corpus["FB-2"]], options=ImportOptions(exclude_threads={"maria gonzález"}))
    assert vault.scalar("SELECT count(*) FROM threads WHERE title = 'Maria González'") == 0
    assert rep.cat("messages").excluded > 0


def test_whatsapp_formats(tmp_path, vault, monkeypatch):
    monkeypatch.setenv("HEARTH_WHATSAPP_TZ", "UTC")  # the lines are written in UTC; the zone is tested apart
    msgs = [Msg("Sam Carter", 1_700_000_000_000 + i * 60_000, f"line {i}") for i in range(5)]
    msgs.append(Msg(OWNER, 1_700_000_900_000, "first line\nsecond line"))
    for style, clock, dfirst in (("ios", 24, True), ("android", 12, False), ("android", 24, True), ("ios", 12, False)):
        p = tmp_path / f"WhatsApp Chat with Sam Carter {style}{clock}.txt"
        p.write_text(whatsapp_txt(msgs, style=style, clock=clock, day_first=dfirst), "utf-8")
        rep = service.inspect([p])
        assert rep.categories["messages"].found == 7
        assert rep.categories["messages"].last_ts // 60_000 == 1_700_000_900_000 // 60_000  # Android: minutes
    (tmp_path / "one").mkdir()
    p = tmp_path / "one" / "WhatsApp Chat with Sam Carter.txt"
    p.write_text(whatsapp_txt(msgs, style="ios", clock=24, day_first=True), "utf-8")
    service.run_import(vault, [p])
    assert vault.scalar("SELECT text FROM records WHERE author = ?", (OWNER,)) == "first line\nsecond line"
    assert vault.scalar("SELECT min(ts) FROM records WHERE author = 'Sam Carter'") == 1_700_000_000_000
    assert vault.scalar("SELECT is_mine FROM records WHERE author = ?", (OWNER,)) == 1


def test_newest_layout_key_coverage(fixtures_real):
    """The 2024-25 key inventories: every file is either imported by a rule or known-not-imported."""
    from desktop_app.core.importers.detect import Export
    from desktop_app.core.importers.vfs import Entry, Source
    from pathlib import Path

    base = fixtures_real / "what-if-data-donation/structure_donations/Processed_structure_donations"
    for plat, csvp, marker in (("facebook", "Facebook/Final/FB_Merged_structures.csv", "your_facebook_activity/messages/inbox/sam_1234567/message_1.json"),
                               ("instagram", "Instagram/Final/IG_Merged_structures.csv", "your_instagram_activity/media/posts_1.json")):
        paths = {r["file_path"].replace("$USERNAME", "alex_123456789") for r in csv.DictReader(open(base / csvp))}
        src = Source(path=Path("x.zip"), kind="zip")
        from desktop_app.core.importers.detect import detect
        exp = Export(key=plat)
        for p in sorted(paths | {marker}):
            exp.fs.add(Entry(path=p, size=1, source=src, member=p))
        detect(exp)
        plan = plan_export(exp)
        imported = {p for t in plan.tasks for p in (e.path for e in t.entries)}
        assert not plan.unknown, plan.unknown[:5]
        assert len(imported) >= (25 if plat == "facebook" else 25)
        for must in ("profile_information.json", "your_friends.json", "other_categories_used_to_reach_you.json",
                     "message_1.json") if plat == "facebook" else ("followers_1.json", "liked_posts.json",
                                                                   "threads_and_replies.json", "post_comments_1.json"):
            assert any(p.endswith(must) for p in imported), must


def test_cli_import_json_and_inspect(corpus, profile, monkeypatch, capsys):
    from desktop_app.cli import main
    from tests.conftest import PASSPHRASE

    monkeypatch.setenv("HEARTH_PASSPHRASE", PASSPHRASE)
    assert main(["--profile", str(profile), "init"]) == 0
    capsys.readouterr()
    assert main(["--profile", str(profile), "import", str(corpus["IG-4"]), "--inspect", "--json"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["categories"]["messages"]["found"] == 40 and d["exports"][0]["era"] == "IG-4"
    assert main(["--profile", str(profile), "import", str(corpus["IG-4"]), "--json", "--no-embed",
                 "--exclude-category", "likes"]) == 0
    d = json.loads(capsys.readouterr().out)
    assert d["ok"] and d["totals"]["imported"] > 50 and "likes" not in {k for k, v in d["categories"].items()
                                                                        if v["imported"]}
    assert main(["--profile", str(profile), "import", "--resume"]) == 2  # nothing to resume


def test_whatsapp_zip_with_media(tmp_path, vault):
    import zipfile

    msgs = [Msg("Sam Carter", 1_700_000_000_000, "look at this"),
            Msg(OWNER, 1_700_000_060_000, "\u200e<attached: 00000001-PHOTO-2023-11-14.jpg>"),
            Msg(OWNER, 1_700_000_120_000, "nice, right?")]
    z = tmp_path / "WhatsApp Chat - Sam Carter.zip"
    with zipfile.ZipFile(z, "w") as zf:
        zf.writestr("_chat.txt", whatsapp_txt(msgs, style="ios"))
        zf.writestr("00000001-PHOTO-2023-11-14.jpg", b"\xff\xd8jpeg")
    rep = service.run_import(vault, [z])
    assert rep.exports[0]["platform"] == "whatsapp" and rep.cat("messages").imported == 4
    extra = json.loads(vault.scalar("SELECT extra FROM records WHERE extra LIKE '%attachments%'"))
    assert extra["attachments"][0]["path"].endswith("!00000001-PHOTO-2023-11-14.jpg")
    assert vault.scalar("SELECT title FROM threads") == "Sam Carter"
    assert vault.scalar("SELECT count(*) FROM records WHERE is_mine = 1") == 2
