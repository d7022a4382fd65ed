"""Import benchmark: records/s until searchable in FTS, peak RSS by archive size, bare-json floor.

Archives are generated (FB-4 + IG-4 ZIPs, messages plus other records in the 5:1 ratio of the
issue), each size is imported in a fresh subprocess whose ``VmHWM`` is that import's peak, and
the same ZIPs' members are ``json.loads``-ed bare as the floor. Sizes: HEARTH_BENCH_IMPORT_SIZES
(messages, comma separated; default 10k,100k,1M); a size that overruns its time budget is reported as such.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_SIZES = (10_000, 100_000, 1_000_000)
BUDGET_S = float(os.environ.get("HEARTH_BENCH_IMPORT_BUDGET", "1500"))


def make_archives(dest: Path, n_messages: int) -> list[Path]:
    from tests.synth.archive import build_fb, build_ig

    n_other = n_messages // 5
    fb_m, ig_m = n_messages * 3 // 5, n_messages * 2 // 5
    threads = max(20, n_messages // 2500)
    fb = build_fb(dest / "facebook-alex-01_01_2025-bench.zip", era="FB-4", n_messages=fb_m, n_threads=threads,
                  n_other=int(n_other * 0.6 / 1.25), seed=1, per_page=10_000, media=False)
    ig = build_ig(dest / "instagram-alex-2025-01-01-bench.zip", era="IG-4", n_messages=ig_m, n_threads=threads,
                  n_other=int(n_other * 0.4 / 1.25), seed=2)
    return [fb, ig]


def bare_parse_s(paths: list[Path], loads=json.loads) -> float:
    """CPU seconds to inflate and parse every JSON member once: the floor no importer can beat."""
    t = time.process_time()
    for p in paths:
        with zipfile.ZipFile(p) as z:
            for n in z.namelist():
                if n.endswith(".json"):
                    loads(z.read(n))
    return time.process_time() - t


def floors(paths: list[Path]) -> tuple[float, float | None]:
    """(stdlib json, orjson) floors, best of 3 each (the box is shared; the minimum is the cost)."""
    std = min(bare_parse_s(paths) for _ in range(3))
    try:
        import orjson
    except ImportError:
        return std, None
    return std, min(bare_parse_s(paths, orjson.loads) for _ in range(3))


CHILD = r"""
import json, sys, time
from pathlib import Path
from desktop_app.core.store.vault import create_vault
from desktop_app.core.ingest import service
v = create_vault(Path(sys.argv[1]), passphrase="bench")
paths = sys.argv[2:]
t0, c0 = time.perf_counter(), time.process_time()
rep = service.run_import(v, paths)
wall, cpu = time.perf_counter() - t0, time.process_time() - c0
def hwm():
    # VmHWM belongs to this address space; ru_maxrss would carry the parent's peak across fork+exec.
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM"):
            return int(line.split()[1]) / 1024
rss_import = hwm()   # before the check query below
hits = v.scalar("SELECT count(*) FROM records_fts WHERE records_fts MATCH 'cabin'")
like = v.scalar("SELECT count(*) FROM records WHERE text LIKE '%cabin%' OR author LIKE '%cabin%'")
print(json.dumps({"records": rep.imported, "wall": wall, "cpu": cpu, "fts_ok": hits == like, "rss_mb": rss_import,
                  "rss_check_mb": hwm()}))
"""


def measure(n_messages: int, work: Path) -> dict:
    d = work / f"n{n_messages}"
    d.mkdir()
    t = time.perf_counter()
    paths = make_archives(d, n_messages)
    gen_s = time.perf_counter() - t
    floor, floor_or = floors(paths)
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    load0 = os.getloadavg()[0]
    runs = []
    for i in range(repeats(n_messages)):
        try:
            out = subprocess.run([sys.executable, "-c", CHILD, str(d / f"profile{i}"), *map(str, paths)], env=env,
                                 capture_output=True, text=True, timeout=BUDGET_S, cwd=str(ROOT))
        except subprocess.TimeoutExpired:
            return {"n": n_messages, "error": f"over the {BUDGET_S:.0f} s budget", "floor": floor, "gen": gen_s}
        if out.returncode != 0:
            return {"n": n_messages, "error": out.stderr.strip().splitlines()[-1][:200], "floor": floor, "gen": gen_s}
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    # Each run imports into a fresh vault; the best one is what the code costs (the others lost
    # time to neighbours on the shared box), the median says how far off a busy moment is.
    res = min(runs, key=lambda r: r["cpu"])
    res.update({"n": n_messages, "floor": floor, "floor_or": floor_or, "gen": gen_s, "runs": len(runs),
                "median_cpu": statistics.median(r["cpu"] for r in runs),
                "rss_mb": max(r["rss_mb"] for r in runs), "rss_check_mb": max(r["rss_check_mb"] for r in runs),
                "fts_ok": all(r["fts_ok"] for r in runs), "load": (load0 + os.getloadavg()[0]) / 2,
                "zip_mb": sum(p.stat().st_size for p in paths) / 1e6})
    return res


def repeats(n_messages: int) -> int:
    """Runs per size: best of 3 up to 100k messages (seconds each), one at 1M (a minute)."""
    return int(os.environ.get("HEARTH_BENCH_IMPORT_RUNS", "3")) if n_messages <= 100_000 else 1


def run() -> str:
    sizes = [int(x) for x in os.environ.get("HEARTH_BENCH_IMPORT_SIZES", "").split(",") if x] or list(DEFAULT_SIZES)
    rows = []
    with tempfile.TemporaryDirectory(prefix="hearth-bench-import-") as tmp:
        for n in sizes:
            rows.append(measure(n, Path(tmp)))
    lines = ["## import", "",
             "Generated FB-4 + IG-4 ZIPs (messages + one other record per 5 messages), imported into a fresh "
             "vault in a subprocess until searchable in FTS (indexes built, last commit done). Targets: "
             "≥ 50,000 records/s; peak RSS < 400 MB, flat with size.", "",
             "The machine is shared and noisy: the same import ran anywhere from 2.2 to 3.7 s in one "
             "quarter hour, so sizes up to 100k are imported three times into fresh vaults and the best run "
             "is reported (its CPU and wall), with the median CPU beside it; 1M is run once. **CPU figures** "
             "(this process's user+system time) are the comparable ones; the 1-minute load average is in the "
             "table. Floor = CPU seconds to inflate and parse the same JSON members bare, best of 3, with the "
             "stdlib `json` and with `orjson` (which the importer uses): no import can beat it, and the ratio "
             "to it is measured in the same minute.", "",
             "| messages | records | ZIPs MB | load avg | runs | wall s | records/s (wall) | CPU s | records/s (CPU) | "
             "median CPU s | floor json s | floor orjson s | CPU / orjson floor | peak RSS MB (import) | "
             "peak RSS MB (+ FTS check) | FTS ok |",
             "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:---:|"]
    for r in rows:
        fo = r.get("floor_or")
        fo_s = f"{fo:.2f}" if fo else "—"
        if "error" in r:
            lines.append(f"| {r['n']:,} | — | — | — | — | — | — | — | — | — | {r['floor']:.2f} | {fo_s} | — | — | — | "
                         f"{r['error']} |")
            continue
        ratio = f"{r['cpu'] / fo:.1f}x" if fo else "—"
        lines.append(f"| {r['n']:,} | {r['records']:,} | {r['zip_mb']:.1f} | {r['load']:.1f} | {r['runs']} | "
                     f"{r['wall']:.2f} | {r['records'] / r['wall']:,.0f} | {r['cpu']:.2f} | "
                     f"**{r['records'] / r['cpu']:,.0f}** | {r['median_cpu']:.2f} | {r['floor']:.2f} | {fo_s} | {ratio} | "
                     f"{r['rss_mb']:.0f} | {r['rss_check_mb']:.0f} | {'yes' if r['fts_ok'] else 'NO'} |")
    if os.environ.get("HEARTH_BENCH_IMPORT_ROBUSTNESS", "1") != "0":
        lines += robustness()
    return "\n".join(lines) + "\n"


def _campaign(test: str, env: dict[str, str], marker: str) -> str:
    """Run one campaign test (it prints its own figures on a line starting with ``marker``)."""
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-s", "-p", "no:cacheprovider", test],
                       capture_output=True, text=True, cwd=str(ROOT), env={**os.environ, **env}, timeout=3600)
    found = [ln for ln in r.stdout.splitlines() if ln.startswith(marker)]
    state = "passed" if r.returncode == 0 else "FAILED"
    return f"{found[-1] if found else marker + ' no figures'} (test {state})"


def robustness() -> list[str]:
    """Hostile inputs, the era x category matrix, kill -9 and damaged-vault campaigns (issue 18)."""
    from tests.importers.hostile_table import table
    from tests.importers.test_era_matrix import MATRIX, matrix_table

    kill = _campaign("tests/importers/test_crash.py", {"HEARTH_CRASH_TRIALS": "30"}, "kill -9:")
    damage = _campaign("tests/store/test_damaged_vault.py::test_flipped_bytes_give_clear_errors_and_doctor_finds_them",
                       {"HEARTH_DAMAGE_FLIPS": "40"}, "damaged vault:")
    return ["", "### Broken inputs (real CLI, fresh vault)", "",
            "Each is refused before anything is written: no archive row, the vault file byte-identical "
            "(tests/importers/test_refused_cli.py). Peak RSS is the whole `hearth` process.", "", table(), "",
            f"### Era x category matrix ({sum(len(c) for c in MATRIX.values())} cells)", "",
            "Generated files at the paths and in the shapes of shared/docs/meta-export-formats.md; each cell "
            "imports at least one record of its category (tests/importers/test_era_matrix.py). Numbers are the "
            "files per cell (variants of one category).", "", matrix_table(), "",
            "### Consistency under kill -9 and damage", "",
            f"- {kill}. An unfinished import's archive and records are hidden from stats, scope counts and "
            "search until resume finishes it (or `hearth import --discard` drops it).",
            f"- {damage}; every command answers with one line (or works), `hearth doctor --check-vault` "
            "names the damage."]


if __name__ == "__main__":
    print(run())
