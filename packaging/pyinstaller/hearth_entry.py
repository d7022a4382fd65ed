"""Entry point of the frozen build: the same ``hearth`` CLI/GUI as ``desktop_app.cli:main``."""

from __future__ import annotations

import multiprocessing
import runpy
import sys


def _main() -> int:
    # Child processes (the llama.cpp worker) are started by re-running this executable:
    # freeze_support() turns a multiprocessing child into the worker and never returns.
    multiprocessing.freeze_support()
    # A subprocess started as `sys.executable -m <module> ...` lands here too in a frozen build,
    # where sys.executable is this binary rather than a Python interpreter; run the module.
    if getattr(sys, "frozen", False) and len(sys.argv) > 2 and sys.argv[1] == "-m":
        module = sys.argv[2]
        if module.startswith("desktop_app."):
            sys.argv = [sys.argv[0], *sys.argv[3:]]
            runpy.run_module(module, run_name="__main__", alter_sys=True)
            return 0
    from desktop_app.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
