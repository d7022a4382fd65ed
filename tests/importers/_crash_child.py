"""Child process for the kill -9 campaign: imports one archive into a vault in small batches."""

import os
import sys
from pathlib import Path

from desktop_app.core.ingest import service
from desktop_app.core.ingest.options import ImportOptions
from desktop_app.core.store.vault import open_vault

vault = open_vault(Path(sys.argv[1]), passphrase=os.environ["CRASH_PASSPHRASE"])
print("ready", flush=True)
service.run_import(vault, [sys.argv[2]], options=ImportOptions(batch_size=int(sys.argv[3])))
print("done", flush=True)
