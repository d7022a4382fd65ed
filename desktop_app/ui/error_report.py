"""An error report without data: file, line and function names, and only messages known to hold none.

Shared by the crash dialog (copyable details) and the log (when dialogs are off); its own module
so the dialog does not import ``errors``, which opens the dialog.
"""

from __future__ import annotations

import os
import sys
import traceback

from desktop_app.core.errors import KnownError


def redacted_details(exc: BaseException) -> str:
    """Traceback with file/line/function names only; exception texts are scrubbed of quoted data."""
    from desktop_app.core.privacy.hygiene import scrub

    lines = [f"Hearth error report ({type(exc).__module__}.{type(exc).__qualname__})", ""]
    for fs in traceback.extract_tb(exc.__traceback__):
        lines.append(f'  File "{os.path.basename(fs.filename)}", line {fs.lineno}, in {fs.name}')
    # Exception messages from the driver or from our own code can quote record text: keep
    # them out unless they are our one-line user messages.
    if isinstance(exc, KnownError):
        lines.append(f"{type(exc).__name__}: {exc.user_message}")
    else:
        lines.append(f"{type(exc).__name__}: {scrub(_safe_str(exc))[:120]}" if _looks_safe(exc) else type(exc).__name__)
    lines.append("")
    lines.append(f"Python {sys.version.split()[0]}, {sys.platform}")
    return "\n".join(lines)


def _safe_str(exc: BaseException) -> str:
    try:
        return str(exc)
    except Exception:  # noqa: BLE001
        return ""


def _looks_safe(exc: BaseException) -> bool:
    # Programming errors (AttributeError, TypeError ...) name code, not data.
    return isinstance(exc, (AttributeError, TypeError, NameError, ImportError, NotImplementedError, AssertionError))
