"""Entry point of the frozen build: the same ``hearth`` CLI/GUI as ``desktop_app.cli:main``.

In a frozen build ``sys.executable`` is this binary, so child processes re-enter here:
- ``hearth --hearth-llm-worker``: the llama.cpp worker (``desktop_app.core.llm.engine._worker_cmd``);
- ``hearth -m desktop_app.<module> ...``: any module run as a script, like ``python -m``;
- multiprocessing children, handled by ``freeze_support()``.
"""

from __future__ import annotations

import multiprocessing
import runpy
import sys

LLM_WORKER_FLAG = "--hearth-llm-worker"


def _main() -> int:
    multiprocessing.freeze_support()  # a multiprocessing child never returns from here
    argv = sys.argv
    if len(argv) > 1 and argv[1] == LLM_WORKER_FLAG:
        from desktop_app.core.llm.worker import main as worker_main

        sys.argv = [argv[0], *argv[2:]]
        return worker_main()
    if getattr(sys, "frozen", False) and len(argv) > 2 and argv[1] == "-m" and argv[2].startswith("desktop_app."):
        module = argv[2]
        sys.argv = [argv[0], *argv[3:]]
        runpy.run_module(module, run_name="__main__", alter_sys=True)
        return 0
    from desktop_app.cli import main

    return main()


if __name__ == "__main__":
    sys.exit(_main())
