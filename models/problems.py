"""Errors the administrator sees: one line per problem, naming file, record, field and rule."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an instance: where it is and which rule it breaks."""

    file: str
    record: str
    field: str
    message: str
    rule: str | None = None

    def line(self) -> str:
        """The one-line form printed to the administrator."""
        where = ", ".join(part for part in (self.record, self.field and f"field {self.field}") if part)
        rule = f" [{self.rule}]" if self.rule else ""
        return (
            f"{self.file}: {where}: {self.message}{rule}" if where else f"{self.file}: {self.message}{rule}"
        )


class InstanceError(Exception):
    """Raised when an instance cannot be loaded; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(self.lines))

    @property
    def lines(self) -> list[str]:
        """One line per problem, in the order found."""
        return [p.line() for p in self.problems]
