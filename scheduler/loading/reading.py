"""Raw reading of instance files: text decoding, strict CSV tables, strict YAML.

Nothing here knows the models; it turns bytes into header + rows or into plain YAML data,
and reports every damage as a `Problem` instead of guessing (a stray quote never merges
rows, a duplicated YAML key never hides the first block).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from models.problems import Problem


class Unreadable(Exception):
    """A file that cannot be turned into text or data; carries the one line to print."""

    def __init__(self, problem: Problem) -> None:
        self.problem = problem
        super().__init__(problem.line())


def read_text(path: Path, rule: str | None = None) -> str:
    """The file's text: UTF-8 (with or without BOM), else Windows-1252 as spreadsheets on
    Windows save it; anything else (UTF-16, binary) is refused with one line."""
    if path.is_dir():
        raise Unreadable(Problem(path.name, "", "", "is a folder, not a file", rule))
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise Unreadable(
            Problem(path.name, "", "", f"cannot be read ({exc.strerror or exc})", rule)
        ) from None
    if b"\x00" in data:
        row, column = _nul_place(data)
        raise Unreadable(
            Problem(
                path.name,
                f"row {row}",
                column,
                "holds a NUL byte: not a text file in UTF-8 or Windows-1252 (save it as CSV UTF-8)",
                rule,
            )
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    mixed = _mixed_line(data)
    if mixed:
        raise Unreadable(
            Problem(
                path.name,
                f"row {mixed}",
                "",
                "is not UTF-8 while other rows are; save the file as UTF-8",
                rule,
            )
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise Unreadable(
            Problem(
                path.name,
                "",
                "",
                f"byte {exc.start} is neither UTF-8 nor Windows-1252; save it as UTF-8",
                rule,
            )
        ) from None


def _nul_place(data: bytes) -> tuple[int, str]:
    """The line of the first NUL byte and, in a CSV file, its column (named by the header)."""
    at = data.index(b"\x00")
    row = data.count(b"\n", 0, at) + 1
    header = data.split(b"\n", 1)[0].decode("utf-8", "replace").lstrip("\ufeff")
    start = data.rfind(b"\n", 0, at) + 1
    index = _cell_index(data[start:at].decode("utf-8", "replace"))
    names = [h.strip() for h in header.rstrip("\r").split(",")]
    return row, names[index] if row > 1 and "\x00" not in header and index < len(names) else ""


def _cell_index(prefix: str) -> int:
    """Which cell of a CSV line a position is in, given the line up to it (commas inside
    quotes do not separate cells)."""
    quoted, index = False, 0
    for char in prefix:
        if char == '"':
            quoted = not quoted
        elif char == "," and not quoted:
            index += 1
    return index


def _mixed_line(data: bytes) -> int | None:
    """The first line that is not UTF-8 in a file that elsewhere holds UTF-8 beyond ASCII
    (reading such a file as Windows-1252 would garble every UTF-8 name), else None."""
    utf8 = False
    first_bad = None
    for number, line in enumerate(data.split(b"\n"), start=1):
        try:
            utf8 |= not line.decode("utf-8").isascii()
        except UnicodeDecodeError:
            first_bad = first_bad or number
    return first_bad if utf8 and first_bad else None


@dataclass
class Table:
    """A CSV file as its header and its data rows, each with its line number."""

    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)


def read_table(path: Path, rule: str, problems: list[Problem]) -> Table | None:
    """Parse a CSV file one physical line at a time, so that a damaged row stays one row.

    A row whose quotes do not balance, or whose number of cells differs from the header's,
    is a problem on its line; blank lines are skipped. Returns None when the file has no
    usable header (then the problem is already listed)."""
    name = path.name
    try:
        text = read_text(path, rule)
    except Unreadable as exc:
        problems.append(exc.problem)
        return None
    lines = text.splitlines()
    numbered = [(n, line) for n, line in enumerate(lines, start=1) if line.strip()]
    if not numbered:
        problems.append(Problem(name, "", "", "is empty: expected a header row and the rows under it", rule))
        return None
    head_number, head_line = numbered[0]
    header = _cells(name, head_number, head_line, rule, problems, [])
    if header is None:
        return None
    table = Table([h.strip() for h in header])
    for number, line in numbered[1:]:
        cells = _cells(name, number, line, rule, problems, table.header)
        if cells is None:
            continue
        if all(not c.strip() for c in cells):
            continue
        if len(cells) != len(table.header):
            problems.append(
                Problem(
                    name,
                    f"row {number}",
                    "",
                    f"has {len(cells)} cells, the header has "
                    f"{len(table.header)} (a comma too many or too few?)",
                    rule,
                )
            )
            continue
        table.rows.append((number, cells))
    return table


def _cells(
    name: str, number: int, line: str, rule: str, problems: list[Problem], header: list[str]
) -> list[str] | None:
    """The cells of one line, or None (a problem listed) when its quoting is broken; the
    column of a stray quote is named from the header."""
    if line.count('"') % 2:
        index = _cell_index(line[: _stray_quote(line)])
        column = header[index] if index < len(header) else ""
        problems.append(Problem(name, f"row {number}", column, _unmatched(line), rule))
        return None
    try:
        return next(csv.reader([line], strict=True))
    except csv.Error as exc:
        problems.append(Problem(name, f"row {number}", "", f"is not valid CSV ({exc})", rule))
        return None


def _stray_quote(line: str) -> int:
    """The position of the quote left unmatched: the first one that neither opens a cell,
    nor closes the quoted cell it is in, nor escapes another inside it ("")."""
    quoted, at = False, 0
    while at < len(line):
        if line[at] == '"':
            if quoted and line[at + 1 : at + 2] == '"':
                at += 2
                continue
            opens = not quoted and (at == 0 or line[at - 1] == ",")
            closes = quoted and line[at + 1 : at + 2] in ("", ",")
            if not (opens or closes):
                return at
            quoted = not quoted
        at += 1
    return line.rfind('"')


def _unmatched(line: str) -> str:
    """An odd number of quotes: a stray quote, or a quoted cell carried over a line break."""
    if line.rstrip().endswith('"') or line.lstrip().startswith('"'):
        return (
            'has an unmatched double quote (") (a quoted cell across a line break? keep a record on one line)'
        )
    return 'has an unmatched double quote (")'


class _StrictLoader(yaml.SafeLoader):
    """Safe YAML that refuses duplicate keys, anchors and aliases (a settings file needs none,
    and an alias chain can blow up to gigabytes), and leaves dates and times as text, so the
    models parse them (quoted or not) and refuse impossible ones with one line."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            mark = self.peek_event().start_mark
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed here", mark)
        return super().compose_node(parent, index)


def _mapping(loader: _StrictLoader, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
    seen: dict[Any, int] = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        line = key_node.start_mark.line + 1
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"key {key!r} appears twice (lines {seen[key]} and {line})", key_node.start_mark
            )
        seen[key] = line
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping)
_StrictLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, rule: str | None, problems: list[Problem]) -> dict[str, Any] | None:
    """The settings of a YAML file as a mapping, or None with the problem listed."""
    if not path.exists():
        problems.append(Problem(path.name, "", "", "file not found", rule))
        return None
    try:
        data = yaml.load(read_text(path, rule), Loader=_StrictLoader)
    except Unreadable as exc:
        problems.append(exc.problem)
        return None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else ""
        problems.append(
            Problem(path.name, where, "", f"not valid YAML ({getattr(exc, 'problem', exc)})", rule)
        )
        return None
    except RecursionError:
        problems.append(Problem(path.name, "", "", "is nested too deeply to be settings", rule))
        return None
    if data is None:
        problems.append(Problem(path.name, "", "", "is empty: expected its settings", rule))
        return None
    if not isinstance(data, dict):
        problems.append(
            Problem(path.name, "", "", "expected a mapping of settings (name: value lines)", rule)
        )
        return None
    return data
