"""Write docs/ledger.md: every sentence the app composes, per page, chart and exported file (`make ledger`)."""

from kursk_brief import export
from kursk_brief.facts import load_brief
from kursk_brief.ledger import LEDGER_PATH, build

if __name__ == "__main__":
    try:
        LEDGER_PATH.write_text(build(load_brief()), encoding="utf-8")
    finally:
        export.stop()
    print(f"wrote {LEDGER_PATH}")
