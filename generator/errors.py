"""User-facing errors: one line, a location when there is one, exit code 2."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    file: str
    line: int | None = None  # 1-based
    column: int | None = None  # 1-based

    def __str__(self) -> str:
        parts = [self.file]
        if self.line is not None:
            parts.append(str(self.line))
            if self.column is not None:
                parts.append(str(self.column))
        return ":".join(parts)


def parse_location(text: str | None) -> Location | None:
    """A location the loader recorded as "file:line:column" (ComposeProject.locations) back into a Location."""
    if not text:
        return None
    file, _, rest = text.rpartition(":")
    head, _, line = file.rpartition(":")
    if head and line.isascii() and line.isdigit() and rest.isascii() and rest.isdigit():
        return Location(head, int(line), int(rest))
    return Location(text)


class C2PError(Exception):
    """Bad input or usage. The CLI prints `c2p: <where>: <message>` and exits with `exit_code`."""

    exit_code = 2

    def __init__(self, message: str, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def one_line(self) -> str:
        text = self.message if self.location is None else f"{self.location}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return " ".join(text.split())  # one line, always


class ValidationFailed(C2PError):
    """A validator ran and failed, or `--check` found drift: exit 1."""

    exit_code = 1
