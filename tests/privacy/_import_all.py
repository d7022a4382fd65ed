"""Child script: import every module of a package tree, print sys.modules as JSON (for import tests)."""

import importlib
import json
import pkgutil
import sys

root = sys.argv[1]
skip_prefixes = tuple(sys.argv[2:])
pkg = importlib.import_module(root)
failed = {}
names = [root]
if hasattr(pkg, "__path__"):
    names += [m.name for m in pkgutil.walk_packages(pkg.__path__, root + ".")]
for name in names:
    if name.endswith("__main__") or (skip_prefixes and name.startswith(skip_prefixes)):
        continue
    try:
        importlib.import_module(name)
    except Exception as exc:  # noqa: BLE001
        failed[name] = type(exc).__name__
print(json.dumps({"imported": names, "failed": failed, "modules": sorted(sys.modules)}))
