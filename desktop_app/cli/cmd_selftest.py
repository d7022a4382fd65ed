"""``hearth --self-test`` / ``hearth selftest``: prove an install works end to end on a throwaway vault.

Steps: create a passphrase vault in a temp dir, import the bundled ``resources/selftest`` archive,
search it (keyword, then semantic when the embedder loads), ask the default model a question whose
answer is in the archive and check the citation, delete everything. Offline by construction (the
CLI installs the egress guard first). A step whose model is not installed reports SKIPPED; any FAIL
makes the exit code 1. No record text is printed, only counts and ids.
"""

from __future__ import annotations

import argparse
import os
import platform
import secrets
import shutil
import sys
import tempfile
import time
import traceback
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

from desktop_app import __version__
from desktop_app.cli._output import add_common, print_json

# The fact the archive holds, the question that needs it, and a word only that record contains.
QUESTION = "Where is the spare key to the cabin hidden?"
KEYWORD = "heron"
SEMANTIC_QUERY = "hidden key for the lake house"
FIXED_NAME = "Zoë Nowak"  # stored mojibake-escaped in the archive; the importer must repair it


class Skip(Exception):
    """The step cannot run here (a model is not installed, or an earlier step left nothing to check)."""


@dataclass
class StepResult:
    name: str
    status: str  # OK | FAIL | SKIPPED
    ms: float
    detail: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    profile: Path
    passphrase: str
    vault: Any = None
    answer_record_id: int | None = None
    embedder: Any = None


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("selftest", help="run the built-in end-to-end self-test on a throwaway vault")
    add_common(p)
    p.add_argument("--no-llm", action="store_true", help="skip the language-model step")
    p.add_argument("--keep", action="store_true", help="keep the temp folder on failure (for debugging)")
    p.set_defaults(func=run)


# -- steps ----------------------------------------------------------------------------------------
def step_vault(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.store.vault import create_vault

    ctx.vault = create_vault(ctx.profile, passphrase=ctx.passphrase, use_keychain=False)
    cipher = ctx.vault.cipher_version()
    return f"SQLCipher {cipher}, passphrase mode", {"cipher_version": cipher}


def step_import(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.ingest.service import run_import
    from desktop_app.core.paths import resources_dir

    archive = resources_dir() / "selftest"
    if not archive.is_dir():
        raise AssertionError(f"bundled archive missing at {archive}")
    report = run_import(ctx.vault, [archive])
    stats = ctx.vault.stats()
    if stats["records"] < 7:
        raise AssertionError(f"expected >= 7 records, got {stats['records']}")
    if stats["threads"] < 1:
        raise AssertionError("no thread imported")
    # Mojibake repair: the friend's name must come out as real UTF-8, not Latin-1 garbage.
    fixed = ctx.vault.scalar("SELECT count(*) FROM records WHERE author = ?", (FIXED_NAME,))
    if not fixed:
        raise AssertionError("mojibake not repaired (author name not found decoded)")
    rows = ctx.vault.query("SELECT id FROM records WHERE text LIKE ?", (f"%{KEYWORD}%",))
    if len(rows) != 1:
        raise AssertionError(f"expected one record with the answer, got {len(rows)}")
    ctx.answer_record_id = int(rows[0][0])
    data = {"records": stats["records"], "threads": stats["threads"], "by_kind": stats["by_kind"],
            "report": {k: v for k, v in report.to_dict().items() if isinstance(v, (int, float, bool))}}
    return f"{stats['records']} records, {stats['threads']} thread(s), mojibake repaired", data


def _hit_ids(result: Any) -> list[int]:
    ids: list[int] = []
    for h in result.hits:
        ids.extend(h.record_ids or [h.record_id])
    return [int(i) for i in ids]


def step_search_keyword(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.retrieval.search import search

    if ctx.answer_record_id is None:
        raise Skip("nothing imported")
    result = search(ctx.vault, KEYWORD, mode="keyword", limit=5)
    ids = _hit_ids(result)
    if ctx.answer_record_id not in ids:
        raise AssertionError(f"keyword search missed record {ctx.answer_record_id} (hits {ids})")
    return f"{len(result.hits)} hit(s), answer record found", {"hits": len(result.hits)}


def step_embed(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.models import default_embedder_path
    from desktop_app.core.retrieval.embedder import get_embedder
    from desktop_app.core.retrieval.indexer import embed_pending

    if ctx.answer_record_id is None:
        raise Skip("nothing imported")

    if default_embedder_path() is None:
        raise Skip("embedding model not installed")
    try:
        ctx.embedder = get_embedder()
    except Exception as exc:  # noqa: BLE001 - the model is installed, so failing to load it is a real failure
        # Loading a model touches no record, so its message is safe to show and needed to fix a build.
        raise AssertionError(f"embedder did not load: {type(exc).__name__}: {str(exc)[:300]}") from None
    done = embed_pending(ctx.vault, embedder=ctx.embedder)
    n = done.get("embedded")
    return f"embedded {n} item(s) with {type(ctx.embedder).__name__}", {"embedded": n}


def step_search_semantic(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.retrieval.search import search

    if ctx.embedder is None:
        raise Skip("no embedder")
    result = search(ctx.vault, SEMANTIC_QUERY, mode="semantic", limit=5, embedder=ctx.embedder)
    if not result.semantic_available:
        raise Skip("semantic search unavailable")
    ids = _hit_ids(result)
    if ctx.answer_record_id not in ids:
        raise AssertionError(f"semantic search missed record {ctx.answer_record_id} (hits {ids})")
    rank = ids.index(ctx.answer_record_id) + 1
    return f"{len(result.hits)} hit(s), answer record at rank {rank}", {"hits": len(result.hits), "rank": rank}


def step_ask(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.assistant.ask import Done, Token, ask
    from desktop_app.core.llm.engine import LlamaEngine
    from desktop_app.core.models import default_llm_path

    if ctx.answer_record_id is None:
        raise Skip("nothing imported")
    model = default_llm_path()
    if model is None:
        raise Skip("default model not installed")
    engine = LlamaEngine(model, n_ctx=2048, n_threads=max(1, min(4, os.cpu_count() or 1)))
    answer = None
    tokens = 0
    try:
        # 96 tokens are enough for a one-sentence answer; the embedder was loaded by the embed step.
        for event in ask(ctx.vault, QUESTION, engine=engine, max_tokens=96, embedder=ctx.embedder):
            if isinstance(event, Token):
                tokens += 1
            elif isinstance(event, Done):
                answer = event.answer
    finally:
        engine.close()
    if answer is None:
        raise AssertionError("the assistant finished without an answer")
    d = answer.to_dict()
    hits = [c for c in d.get("citations", [])
            if c.get("record_id") == ctx.answer_record_id or ctx.answer_record_id in (c.get("record_ids") or [])]
    if not hits:
        cited = [c.get("record_id") for c in d.get("citations", [])]
        raise AssertionError(f"no citation points at record {ctx.answer_record_id} (citations {cited})")
    marked = any(c.get("cited") for c in hits)
    mentions = "heron" in (d.get("text") or "").lower()
    data = {"model": Path(str(d.get("model") or model)).name, "model_sha256": d.get("model_sha256"),
            "citations": len(d.get("citations", [])), "citation_n": hits[0].get("n"), "cited_by_model": marked,
            "tokens": tokens, "answer_mentions_fact": mentions, "timings": d.get("timings")}
    return (f"{model.name}: {tokens} token(s), citation [{hits[0].get('n')}] is the right record"
            f"{', cited by the model' if marked else ''}{'; answer names the place' if mentions else ''}"), data


def step_delete(ctx: Context) -> tuple[str, dict]:
    from desktop_app.core.privacy import delete as mod

    # delete_everything also removes Hearth's per-user app folders (cache, logs, settings): point
    # them into the temp dir so a self-test never touches the user's real ones.
    sandbox = ctx.profile.parent / "appdirs"
    fake = {k: sandbox / k for k in ("cache", "log", "config", "state")}
    for folder in fake.values():
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "selftest.tmp").write_bytes(b"x")
    original = mod.app_dirs
    mod.app_dirs = lambda: dict(fake)  # type: ignore[assignment]
    try:
        receipt = mod.delete_everything(ctx.profile, vault=ctx.vault)
    finally:
        mod.app_dirs = original  # type: ignore[assignment]
    if ctx.vault is not None and not ctx.vault.locked:
        ctx.vault.lock()
    if ctx.profile.exists():
        raise AssertionError(f"profile folder left after delete: {sorted(p.name for p in ctx.profile.iterdir())}")
    if any(f.exists() for f in fake.values()):
        raise AssertionError("app folders left after delete")
    if receipt.get("ok") is False:
        raise AssertionError(f"delete reported errors: {receipt.get('errors')}")
    n = receipt.get("removed_files")
    return f"vault, key and profile removed ({n} files)", {"removed_files": n}


STEPS: list[tuple[str, Callable[[Context], tuple[str, dict]]]] = [
    ("vault", step_vault),
    ("import", step_import),
    ("search_keyword", step_search_keyword),
    ("embed", step_embed),
    ("search_semantic", step_search_semantic),
    ("ask", step_ask),
    ("delete", step_delete),
]


def _environment() -> dict[str, Any]:
    from desktop_app.core import models
    from desktop_app.core.privacy import egress

    llm, emb = models.default_llm_path(), models.default_embedder_path()
    bundle = getattr(sys, "_MEIPASS", None)
    return {"version": __version__, "frozen": bool(getattr(sys, "frozen", False)), "python": platform.python_version(),
            "platform": f"{platform.system()} {platform.machine()}", "offline_guard": egress.is_offline(),
            "llm": llm.name if llm else None, "embedder": models.EMBEDDER_NAME if emb else None,
            # In a frozen build the models must come from inside the bundle, not from a Python install.
            "models_in_bundle": bool(bundle and llm and emb and Path(bundle) in llm.parents and Path(bundle) in emb.parents)}


def run_steps(*, skip: set[str] = frozenset(), keep: bool = False,
              on_step: Callable[[StepResult], None] | None = None) -> dict[str, Any]:
    """Run every step on a throwaway vault; returns the structured result (never raises on a step)."""
    # Model-loading progress bars would interleave with the step lines.
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    os.environ.setdefault("TQDM_DISABLE", "1")
    tmp = Path(tempfile.mkdtemp(prefix="hearth-selftest-"))
    ctx = Context(profile=tmp / "profile", passphrase=secrets.token_urlsafe(24))
    results: list[StepResult] = []
    t_all = time.perf_counter()
    failed = False
    try:
        for name, fn in STEPS:
            t0 = time.perf_counter()
            if name in skip:
                res = StepResult(name, "SKIPPED", 0.0, "skipped by option")
            elif failed and name != "delete":
                res = StepResult(name, "SKIPPED", 0.0, "after an earlier failure")
            else:
                try:
                    detail, data = fn(ctx)
                    res = StepResult(name, "OK", 0.0, detail, data)
                except Skip as exc:
                    res = StepResult(name, "SKIPPED", 0.0, str(exc))
                except Exception as exc:  # noqa: BLE001 - a step's failure is reported, cleanup still runs
                    failed = name in ("vault", "import") or failed
                    # Only the exception type and our own assertion text: driver messages may hold record text.
                    msg = str(exc) if isinstance(exc, (AssertionError, ImportError)) else ""
                    res = StepResult(name, "FAIL", 0.0, f"{type(exc).__name__}: {msg}".rstrip(": "),
                                     {"where": _where(exc)})
            res.ms = round((time.perf_counter() - t0) * 1000, 1)
            results.append(res)
            if on_step:
                on_step(res)
    finally:
        if ctx.vault is not None and not ctx.vault.locked:
            ctx.vault.lock()
        ok = all(r.status != "FAIL" for r in results)
        if ok or not keep:
            shutil.rmtree(tmp, ignore_errors=True)
    return {"ok": ok, "total_ms": round((time.perf_counter() - t_all) * 1000, 1), "environment": _environment(),
            "steps": [asdict(r) for r in results], "temp_dir_removed": not tmp.exists()}


def _where(exc: BaseException) -> str:
    """File:line of the innermost frame, for a bug report without any data in it."""
    tb = traceback.extract_tb(exc.__traceback__)
    return f"{Path(tb[-1].filename).name}:{tb[-1].lineno}" if tb else ""


def run(args: argparse.Namespace) -> int:
    as_json = bool(getattr(args, "json", False))
    skip = {"ask"} if getattr(args, "no_llm", False) else set()

    def show(res: StepResult) -> None:
        if not as_json:
            print(f"[{res.status:>7}] {res.name:<16} {res.ms:>9.1f} ms  {res.detail}", flush=True)

    if not as_json:
        env = _environment()
        print(f"Hearth {env['version']} self-test ({'frozen build' if env['frozen'] else 'source'}, "
              f"Python {env['python']}, offline guard {'on' if env['offline_guard'] else 'OFF'})", flush=True)
    result = run_steps(skip=skip, keep=bool(getattr(args, "keep", False)), on_step=show)
    if as_json:
        print_json(result)
    else:
        counts = {s: sum(1 for r in result["steps"] if r["status"] == s) for s in ("OK", "SKIPPED", "FAIL")}
        print(f"Self-test {'passed' if result['ok'] else 'FAILED'} in {result['total_ms'] / 1000:.1f} s: "
              f"{counts['OK']} ok, {counts['SKIPPED']} skipped, {counts['FAIL']} failed")
    return 0 if result["ok"] else 1
