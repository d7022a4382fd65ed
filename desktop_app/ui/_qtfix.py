"""WORKAROUND: PySide6 6.12.0 on CPython 3.11 drops a reference to ``None`` on every call of a
void method (``processEvents``, ``setText``, ``QTimer.start`` ...). After a few thousand calls
None's refcount reaches zero and the interpreter aborts ("none_dealloc"). CPython 3.12 made
None immortal; on 3.11 we give None a refcount so large it can never be used up.

Measured: 1000 ``QLabel.setText`` calls lower ``sys.getrefcount(None)`` by exactly 1000.
"""

from __future__ import annotations

import sys

_BOOST = 1 << 48


def immortalize_none() -> None:
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    # _ctypes, not the ctypes package: same Py_ssize_t cell, 2-6 ms less on every cold start.
    import _ctypes

    class _SSize(_ctypes._SimpleCData):
        _type_ = "q" if sys.maxsize > 2**32 else "i"   # Py_ssize_t is pointer-sized

    ref = _SSize.from_address(id(None))
    if ref.value < _BOOST:
        ref.value += _BOOST


immortalize_none()
