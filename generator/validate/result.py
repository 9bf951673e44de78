"""Typed results every check returns: a CheckResult with its Findings (file:line: message)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Status = Literal["passed", "failed", "skipped"]


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where} {self.message}" if where else self.message

    def to_json(self) -> dict:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome. `output` keeps the tool's own raw output, so tests can prove it ran."""

    name: str
    status: Status
    summary: str
    findings: tuple[Finding, ...] = ()
    output: str = field(default="", repr=False, compare=False)
    missing_tool: str = ""  # set when skipped because this tool is not installed (`--require` makes it fail)

    @property
    def ok(self) -> bool:
        return self.status != "failed"

    def to_json(self) -> dict:
        return {
            "name": self.name,
            "status": self.status,
            "summary": self.summary,
            "findings": [f.to_json() for f in self.findings],
            **({"missing_tool": self.missing_tool} if self.missing_tool else {}),
        }

    def __str__(self) -> str:  # handy in assertion messages
        lines = [f"{self.name}: {self.status}: {self.summary}"]
        lines += [f"  {f}" for f in self.findings]
        return "\n".join(lines)


def passed(name: str, summary: str, output: str = "") -> CheckResult:
    return CheckResult(name, "passed", summary, (), output)


def failed(name: str, summary: str, findings=(), output: str = "") -> CheckResult:
    return CheckResult(name, "failed", summary, tuple(findings), output)


def skipped(name: str, reason: str, missing_tool: str = "") -> CheckResult:
    return CheckResult(name, "skipped", reason, missing_tool=missing_tool)
