"""Which server process this is: a token the gate answers at `PROCESS_PATH` and the page carries (`reconnect`).

A module of its own, with no imports of note, so that the launcher (run as `__main__`) and the app's pages read the
same token: a second import of the launcher's module would make another one.
"""

from __future__ import annotations

import os
import time

PROCESS_PATH = "/_kb/process"
PROCESS_TOKEN = f"{os.getpid()}-{time.time_ns()}"
