"""What every validation stage reports in: the problem type, the error that carries them, and how values are quoted.

Each stage of `validation` (reading, cells, rules) appends to one list of problems; this module is what they share,
so that no stage imports another's internals to say what is wrong or to keep an unanticipated fault from crashing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SHOWN_INPUT = 60
"""Longest offending value quoted in a message; a 401-digit number is shown cut, not in full."""

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix it without searching."""

    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column {self.column}: {self.message}"


class DataError(Exception):
    """The one error type for bad data; it carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def guarded(problems: list[Problem], file: str, step: Callable[[], Any]) -> Any:
    """Run one step; an exception nobody anticipated becomes a problem on the file being handled, never a crash."""
    try:
        return step()
    except Exception as error:  # the boundary: unanticipated faults in the data must reach the problem page
        log.exception("unanticipated fault while checking %s", file)
        problems.append(
            Problem(file, 0, "-", f"could not be checked ({type(error).__name__}: {printable(str(error))})")
        )
        return None


def cut(text: str) -> str:
    """A value quoted in a message, cut to a readable length."""
    return text if len(text) <= SHOWN_INPUT else f"{text[: SHOWN_INPUT - 1]}… ({len(text)} characters)"


def printable(text: str) -> str:
    """Text from the data or an error shown in a message: control characters escaped, cut to a readable length."""
    return cut(text if text.isprintable() else repr(text))
