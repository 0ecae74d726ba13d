"""`make run`: check the port and the dependencies, then hand over to Streamlit.

Why a launcher: a busy port or a missing package should cost the user one clear sentence, not a traceback.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import sys
from pathlib import Path

REQUIRED = ("streamlit", "plotly", "pandas", "geopandas", "pydantic", "openpyxl")
ROOT = Path(__file__).resolve().parent.parent


def problem() -> str | None:
    """The first reason the app cannot start, as a sentence; None when it can."""
    missing = [name for name in REQUIRED if importlib.util.find_spec(name) is None]
    if missing:
        return f"Missing Python package(s) {', '.join(missing)}: run `make run` (it installs requirements.txt)."
    port = port_from_env()
    if port is None:
        return f"PORT={os.environ['PORT']!r} is not a port number between 1 and 65535."
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return f"Port {port} is already in use: stop the other server or run `PORT=8502 make run`."
    return None


def port_from_env() -> int | None:
    raw = os.environ.get("PORT", "8501")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 65536 else None


def main() -> int:
    reason = problem()
    if reason:
        print(f"Kursk Brief cannot start. {reason}", file=sys.stderr)
        return 1
    port = port_from_env()
    print(f"Kursk Brief: http://127.0.0.1:{port}", flush=True)
    os.chdir(ROOT)
    # Streamlit treats an app with a `pages/` folder as a v1 multipage app until `st.navigation` first runs, so the
    # first request to a deep link (/facts) would run the page script without app.py. Declaring v2 up front makes
    # every request go through the entry point.
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"]
    cli.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
