"""Write docs/ledger.md: every sentence the app composes, per page, chart and exported file (`make ledger`)."""

from kursk_brief.app.ledger import LEDGER_PATH, build
from kursk_brief.data.load import load_brief
from kursk_brief.out import export

if __name__ == "__main__":
    try:
        LEDGER_PATH.write_text(build(load_brief()), encoding="utf-8")
    finally:
        export.stop()
    print(f"wrote {LEDGER_PATH}")
