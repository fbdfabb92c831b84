"""Damaged copies of the bundled week: every file and column, every way a file gets broken.

Each damaged copy must give exit 2, no traceback, nothing written, and a few lines each
naming the file, the row or setting, the field and the rule ID. Legitimate variants (BOM,
CRLF, padded cells, blank lines, quoted dates, Windows-1252) give the same schedule.
"""

from __future__ import annotations

import csv
import re
import shutil
import typing
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from models.roster import CSV_FILES
from models.schedule import WeekSchedule
from scheduler.cli import BUNDLED, main
from scheduler.loading.checks import REFERENCES

Damage = Callable[[Path], None]
RULE = re.compile(r"\[[A-Z]{3}-\d{2}\]$")
MOST_LINES = 4


@dataclass(frozen=True)
class Case:
    """One damaged copy: the file damaged, what must be named, and how to damage it."""

    file: str
    damage: Damage
    row: str | None = None  # "row N" expected in a line, None for a file-level problem
    field: str | None = None  # the field (column or setting path) a line must name


def _csv(folder: Path, name: str) -> list[str]:
    return (folder / name).read_text(encoding="utf-8").splitlines()


def _put(folder: Path, name: str, lines: list[str]) -> None:
    (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _cell(name: str, column: str, value: str, row: int = 2) -> Damage:
    """Set one cell (spreadsheet row `row`) of a CSV file."""

    def damage(folder: Path) -> None:
        lines = _csv(folder, name)
        header = lines[0].split(",")
        cells = next(iter(__import__("csv").reader([lines[row - 1]])))
        cells[header.index(column)] = value
        lines[row - 1] = ",".join(_quoted(c) for c in cells)
        _put(folder, name, lines)

    return damage


def _quoted(cell: str) -> str:
    return f'"{cell}"' if "," in cell and not cell.startswith('"') else cell


def _line(name: str, change: Callable[[list[str]], list[str]]) -> Damage:
    def damage(folder: Path) -> None:
        _put(folder, name, change(_csv(folder, name)))

    return damage


def _bytes(name: str, data: Callable[[bytes], bytes]) -> Damage:
    def damage(folder: Path) -> None:
        path = folder / name
        path.write_bytes(data(path.read_bytes()))

    return damage


def _typed(annotation: object) -> set[type]:
    """The plain types behind a field's annotation (Annotated and unions unwrapped)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _typed(typing.get_args(annotation)[0])
    if origin in (typing.Union, __import__("types").UnionType):
        return set().union(*(_typed(a) for a in typing.get_args(annotation)))
    if origin is typing.Literal:
        return {typing.Literal}  # type: ignore[arg-type]
    return {origin or annotation}  # type: ignore[arg-type]


def _column_cases() -> list[Case]:
    """Per file and column: empty, wrong type, out of range, unknown reference, stray quote."""
    import datetime as dt

    refs = {(f, c) for f, c, _, _ in REFERENCES}
    cases = []
    for name, model in CSV_FILES.items():
        for key, f in model.model_fields.items():
            column = f.alias or key
            types = _typed(f.annotation)
            bad: list[str] = []
            if f.is_required():
                bad.append("")
            if types & {int, bool, dt.date, dt.datetime, typing.Literal, tuple}:
                bad.append("zzz")
            if dt.date in types:
                bad.append("2026-02-30")
            if dt.datetime in types:
                bad += ["2026-11-18T09:12:00Z", "2026-02-30T09:00"]
            if int in types and any(getattr(m, "ge", None) is not None for m in f.metadata):
                bad.append("-5")
            if (name, column) in refs:
                bad.append("ZZ999")
            if name == "balances.csv" and column == "balance":
                bad += ["inf", "nan"]
            if name == "appointments.csv" and column in ("start", "end"):
                bad.append("99:00")
            if name == "staff.csv" and column in ("mon", "tue"):
                bad.append("07:00-25:00")
            cases += [Case(name, _cell(name, column, value), "row 2", column) for value in bad]
    return cases


def _shape_cases() -> list[Case]:
    """Per file: stray quote, a cell too many or too few, extra, missing and doubled columns,
    header-less, empty, UTF-16, a duplicated row of a file whose rows have an identity."""
    cases = []
    for name, model in CSV_FILES.items():
        first = next(iter(model.model_fields.values()))
        first_column = first.alias or next(iter(model.model_fields))
        cases += [
            Case(name, _line(name, lambda ls: [ls[0], '"' + ls[1], *ls[2:]]), "row 2"),
            Case(name, _line(name, lambda ls: [ls[0], ls[1] + ",x", *ls[2:]]), "row 2"),
            Case(name, _line(name, lambda ls: [ls[0], ls[1].rsplit(",", 1)[0], *ls[2:]]), "row 2"),
            Case(
                name, _line(name, lambda ls: [ls[0] + ",bogus"] + [x + "," for x in ls[1:]]), "row 1", "bogus"
            ),
            Case(
                name,
                _line(name, lambda ls: [ls[0] + "," + ls[0].split(",")[0]] + [x + ",v" for x in ls[1:]]),
                "row 1",
                first_column,
            ),
            Case(name, _line(name, lambda ls: ls[1:]), "row 1"),
            Case(name, _bytes(name, lambda _: b"")),
            Case(name, _bytes(name, lambda b: b.decode("utf-8").encode("utf-16"))),
        ]
        for key, f in model.model_fields.items():
            if f.is_required():
                column = f.alias or key
                cases.append(Case(name, _drop_column(name, column), "row 1", column))
    for name in (
        "inmates.csv",
        "offences.csv",
        "sanctions.csv",
        "visitors.csv",
        "requests.csv",
        "staff.csv",
        "relations.csv",
        "separations.csv",
        "razor_signups.csv",
        "balances.csv",
        "staff_relationships.csv",
        "appointments.csv",
    ):
        cases.append(Case(name, _line(name, lambda ls: [*ls, ls[1]]), "row"))
    return cases


def _drop_column(name: str, column: str) -> Damage:
    def change(lines: list[str]) -> list[str]:
        import csv

        rows = list(csv.reader(lines))
        k = rows[0].index(column)
        return [",".join(_quoted(c) for i, c in enumerate(r) if i != k) for r in rows]

    return _line(name, change)


def _yaml_set(name: str, path: str, value: object) -> Damage:
    """Set a dotted setting (`recreation.areas`) in a YAML file."""

    def damage(folder: Path) -> None:
        data = yaml.safe_load((folder / name).read_text(encoding="utf-8"))
        *parents, last = path.split(".")
        node = data
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
        (folder / name).write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")

    return damage


SETTING_CASES: list[tuple[object, ...]] = [
    ("routine.lights_out", -30),
    ("routine.lights_out", "25:00"),
    ("routine.lights_on", "23:30"),
    ("routine.phones_open", "23:30"),
    ("routine.counts", ["07:00", "7pm"]),
    ("routine.count_minutes", 0),
    ("visitation.booths", "four"),
    ("visitation.booths", 0),
    ("visitation.visit_minutes", 400),
    ("visitation.legal_start", "22:30"),
    ("visitation.legal_end", "30:00"),
    ("visitation.windows", [{"day": "sat", "start": "25:00", "end": "26:00"}]),
    ("visitation.windows", [{"day": "caturday", "start": "08:00", "end": "11:00"}]),
    ("visitation.windows", [{"day": "sat", "start": "11:00", "end": "08:00"}]),
    ("visitation.boths", 5),
    ("recreation.areas", []),
    ("recreation.areas", [{"id": "Yard"}, {"id": "Yard"}]),
    ("recreation.start", "23:00"),
    ("recreation.end", "08:00"),
    ("recreation.daylight_start", "18:00"),
    ("recreation.session_minutes", 2000),
    ("recreation.end", "09:00", "session_minutes"),  # the one hour meets the 08:00 med pass
    ("razors.issue_start", "12:00"),
    ("razors.batch_minutes", 600),
    ("razors.inventory", -1),
    ("razors", {"issue_start": "07:45", "collect_by": "08:15"}),
    ("laundry.start", "17:00"),
    ("laundry.return_by", "09:00"),
    ("laundry.washers", 0),
    ("laundry.wash_minutes", 900),
    ("discipline.hour_out_minutes", 900),
    ("discipline.hour_out_minutes", 480),  # 23:00-07:00 holds 480 min, less the 23:00 count it does not
    ("discipline.lockdown_days", {"minor": []}),
    ("supplies.indigent_day", "someday"),
    ("holidays", ["2026-02-30"]),
    (
        "closures",
        [{"resource": "booths", "date": "2026-11-28", "start": "11:00", "end": "08:00", "reason": "x"}],
    ),
    ("housing_units", []),
    # found by an independent review: huge numbers, unit slips and settings that make no sense
    ("supplies.round_minutes", 3600),
    ("laundry.washers", 10**12),
    ("visitation.booths", 10**12),
    ("discipline.lockdown_days", {"minor": [10_000_000, 5, 10], "disrespect_or_smoking": [5, 10, 15]}),
    ("supplies.indigent_lookback_days", 10**6),
    ("discipline.hour_outs_end_by", "22:00"),
    ("visitation.child_age", 200),
    ("visitation.social_per_day", 0),
    ("visitation.max_visitors_at_once", 5),
    ("discipline.review_categories", ["major", "minor"]),
    ("routine.counts", ["07:00", "07:00"]),
    ("routine.counts", ["24:00"]),
    ("routine.count_minutes", 5000, "count_minutes"),
    ("laundry.categories", [{"name": "x", "days": [], "pieces_per_inmate": 2}]),
    ("closures", [{"resource": "razor_issue", "date": "2026-11-24", "reason": "x"} for _ in range(2)]),
    ("visitation.windows", [{"day": "sat", "start": "08:00", "end": "11:00", "sex": "F", "pods": ["A"]}]),
    (
        "housing_units",
        [
            {"id": "A", "sex": "M", "capacity": 3},
            {"id": "B", "sex": "M"},
            {"id": "C", "sex": "M"},
            {"id": "D", "sex": "M", "commitment": "civil"},
            {"id": "Dorm", "sex": "F"},
        ],
        "capacity",
    ),
]


_ALIAS_BOMB = b"\nbomb:\n  a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + b"".join(
    b"  a%d: &a%d [" % (k, k) + b", ".join([b"*a%d" % (k - 1)] * 9) + b"]\n" for k in range(1, 9)
)
"""A "billion laughs" chain of aliases: 9**9 items once expanded."""


def _setting_cases() -> list[Case]:
    cases = [
        Case("facility.yaml", _yaml_set("facility.yaml", p, v), None, named[0] if named else p.split(".")[-1])
        for p, v, *named in SETTING_CASES
    ]
    cases += [
        Case("facility.yaml", _bytes("facility.yaml", lambda b: b + b"\nname: Warren Annex\n")),
        Case("facility.yaml", _bytes("facility.yaml", lambda b: b + b"\nname: [unclosed\n")),
        Case("facility.yaml", _bytes("facility.yaml", lambda _: b"")),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"monday: 2026-02-30\n"), None, "monday"),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"monday: 2026-11-23 08:00\n"), None, "monday"),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"monday: 2026-11-24\n"), None, "monday"),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"monday: next week\n"), None, "monday"),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"monday: 2026-11-23\nmonday: 2026-11-30\n")),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"mondy: 2026-11-23\n"), None, "monday"),
        Case("week.yaml", _bytes("week.yaml", lambda _: b"")),
        Case("facility.yaml", _bytes("facility.yaml", lambda b: b + _ALIAS_BOMB)),
        Case(
            "facility.yaml", _bytes("facility.yaml", lambda b: b + b"x: " + b"[" * 5000 + b"]" * 5000 + b"\n")
        ),
    ]
    return cases


def _review_cases() -> list[Case]:
    """Damage an independent review found accepted or crashing: a file that cannot be read, an
    optional file that is a folder, mixed encodings, formulas, ids with spaces, numbers with
    underscores, fractions of a cent, impossible appointments, offences after the week."""

    def unreadable(name: str) -> Damage:
        def damage(folder: Path) -> None:
            (folder / name).unlink()
            (folder / name).symlink_to("/proc/self/mem")

        return damage

    def folder_instead(name: str) -> Damage:
        def damage(folder: Path) -> None:
            (folder / name).unlink()
            (folder / name).mkdir()

        return damage

    mixed = _bytes("inmates.csv", lambda b: b.replace(b"Marcus", "Sím".encode()).replace(b"Hale", b"Ren\xe9"))
    return [
        Case("balances.csv", unreadable("balances.csv")),
        Case("week.yaml", unreadable("week.yaml")),
        Case("offences.csv", folder_instead("offences.csv")),
        Case("facility.yaml", folder_instead("facility.yaml")),
        Case("inmates.csv", mixed, "row 2"),
        Case("inmates.csv", _cell("inmates.csv", "first_name", '=HYPERLINK("x")'), "row 2", "first_name"),
        Case("inmates.csv", _cell("inmates.csv", "id", "I 0001"), "row 2", "id"),
        Case("inmates.csv", _cell("inmates.csv", "id", "I0001\u200b"), "row 2", "id"),
        Case("razor_signups.csv", _cell("razor_signups.csv", "position", "1_00"), "row 2", "position"),
        Case("balances.csv", _cell("balances.csv", "balance", "0.025"), "row 2", "balance"),
        Case("appointments.csv", _cell("appointments.csv", "end", "40:00"), "row 2", "end"),
        Case("appointments.csv", _cell("appointments.csv", "start", "40:00"), "row 2"),
        Case("offences.csv", _cell("offences.csv", "date", "2027-09-14"), "row 2", "date"),
        Case("offences.csv", _cell("offences.csv", "rules", "-24"), "row 2", "rules"),
        Case("staff.csv", _cell("staff.csv", "wed", "07:00-07:00"), "row 2", "wed"),
    ]


CASES = _column_cases() + _shape_cases() + _setting_cases() + _review_cases()


def _name(case: Case) -> str:
    return f"{case.file}-{case.field or case.row or 'file'}"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("pristine") / "warren"
    shutil.copytree(BUNDLED, folder)
    return folder


def _copy(pristine: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "warren"
    shutil.copytree(pristine, folder)
    return folder


@pytest.mark.parametrize("case", CASES, ids=[_name(c) for c in CASES])
def test_damaged_copy_is_refused_clearly(case: Case, pristine: Path, tmp_path: Path) -> None:
    folder = _copy(pristine, tmp_path)
    case.damage(folder)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2, (result.output, result.exception)
    assert "Traceback" not in result.output and isinstance(result.exception, SystemExit)
    assert not out.exists(), "nothing is written for bad input"
    assert 1 <= len(lines) <= MOST_LINES, lines
    files = (*CSV_FILES, "facility.yaml", "week.yaml")
    assert all(line.split(":")[0] in files for line in lines), "every line names its file"
    named = [line for line in lines if line.startswith(f"{case.file}:")]
    assert named, lines
    if case.row:
        assert any(case.row in line for line in named), lines
    if case.field:
        assert any(f"field {case.field}" in line or f".{case.field}" in line for line in named), lines
    if case.file.endswith(".csv") or case.field:
        assert all(RULE.search(line) for line in named), lines


# --- legitimate variants: accepted, and the same schedule ------------------------------------


def _solve(folder: Path, out: Path) -> bytes:
    result = CliRunner().invoke(main, ["solve", str(folder), "--out", str(out), "--time-limit", "10"])
    assert result.exit_code == 0, result.output
    week = WeekSchedule.model_validate_json((out / "schedule.json").read_bytes())
    assert week.provenance is not None and set(week.provenance.inputs) >= {"facility.yaml", "inmates.csv"}
    week.provenance = None  # the variants' files differ in bytes, so their SHA-256 do
    return re.sub(rb'"seconds": [0-9.e-]+', b'"seconds": 0', week.model_dump_json(indent=2).encode())


def _every_csv(change: Callable[[str], str]) -> Damage:
    def variant(folder: Path) -> None:
        for name in CSV_FILES:
            path = folder / name
            path.write_bytes(change(path.read_text(encoding="utf-8")).encode("utf-8"))

    return variant


def _padded(text: str) -> str:
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text)))
    return "".join(
        ",".join(f" {c} " if c and '"' not in c and "," not in c else _quoted(c) for c in r) + "\n"
        for r in rows
    )


VARIANTS: dict[str, Damage] = {
    "BOM": _every_csv(lambda t: "\ufeff" + t),
    "CRLF": _every_csv(lambda t: t.replace("\n", "\r\n")),
    "padded cells": _every_csv(_padded),
    "blank lines": _every_csv(lambda t: t.replace("\n", "\n\n", 3) + "\n\n"),
    "quoted dates": _bytes("week.yaml", lambda b: re.sub(rb"(\d{4}-\d{2}-\d{2})", rb'"\1"', b)),
}


@pytest.fixture(scope="module")
def reference(pristine: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    return _solve(pristine, tmp_path_factory.mktemp("reference") / "out")


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_legitimate_variant_gives_the_same_schedule(
    variant: str, pristine: Path, reference: bytes, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path)
    VARIANTS[variant](folder)
    assert _solve(folder, tmp_path / "out") == reference


def test_windows_1252_file_reads_like_utf8(pristine: Path, tmp_path: Path) -> None:
    from scheduler.loading import load_instance

    utf8 = _copy(pristine, tmp_path / "a")
    _cell("inmates.csv", "first_name", "Renée")(utf8)
    _cell("inmates.csv", "last_name", "Núñez-O'Hara")(utf8)
    latin = _copy(utf8, tmp_path / "b")
    text = (utf8 / "inmates.csv").read_text(encoding="utf-8")
    text = text.encode("cp1252", errors="replace").decode("cp1252")  # names Windows-1252 can hold
    (utf8 / "inmates.csv").write_text(text, encoding="utf-8")
    (latin / "inmates.csv").write_bytes(text.encode("cp1252"))
    assert load_instance(latin).inmates == load_instance(utf8).inmates
    assert load_instance(latin).inmates["I0001"].last_name == "Núñez-O'Hara"


# --- floods are cut: a damaged column, a missing referenced file ----------------------------


def _every_row(name: str, column: str, value: str) -> Damage:
    def damage(folder: Path) -> None:
        import csv

        rows = list(csv.reader(_csv(folder, name)))
        k = rows[0].index(column)
        for r in rows[1:]:
            r[k] = value
        _put(folder, name, [",".join(_quoted(c) for c in r) for r in rows])

    return damage


FLOODS = {
    "a column damaged on every row": (_every_row("inmates.csv", "sex", "X"), "inmates.csv"),
    "visitors.csv absent": (lambda f: (f / "visitors.csv").unlink(), "visitors.csv"),
    "visitors.csv with no rows": (_line("visitors.csv", lambda ls: ls[:1]), "visitors.csv"),
    "staff.csv absent": (lambda f: (f / "staff.csv").unlink(), "staff.csv"),
    "inmates.csv with no rows": (_line("inmates.csv", lambda ls: ls[:1]), "inmates.csv"),
}


@pytest.mark.parametrize("flood", list(FLOODS))
def test_one_cause_is_a_few_lines_naming_it(flood: str, pristine: Path, tmp_path: Path) -> None:
    damage, cause = FLOODS[flood]
    folder = _copy(pristine, tmp_path)
    damage(folder)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2
    assert 1 <= len(lines) <= MOST_LINES + 2, lines
    assert all(cause in line for line in lines), lines


def test_windows_1252_settings_file_is_read(pristine: Path, tmp_path: Path) -> None:
    folder = _copy(pristine, tmp_path)
    text = (
        (folder / "facility.yaml")
        .read_text(encoding="utf-8")
        .replace("name: Warren County Detention Facility", "name: Centre de détention du comté")
    )
    (folder / "facility.yaml").write_bytes(text.encode("cp1252"))
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0, result.output
    from scheduler.loading import load_instance

    assert load_instance(folder).facility.name == "Centre de détention du comté"


def _damage_cell(folder: Path, name: str, row: int, column: int, damage: Callable[[str], str]) -> str:
    """Damage one cell of a CSV file (row 1 is the header); returns the column's name."""
    lines = (folder / name).read_text(encoding="utf-8").split("\n")
    cells = lines[row - 1].split(",")
    cells[column] = damage(cells[column])
    lines[row - 1] = ",".join(cells)
    (folder / name).write_text("\n".join(lines), encoding="utf-8")
    return lines[0].split(",")[column]


@pytest.mark.parametrize("name", ["inmates.csv", "visitors.csv", "requests.csv", "staff.csv"])
@pytest.mark.parametrize(
    ("damage", "says"),
    [
        (lambda cell: cell[:1] + "\x00" + cell[1:], "holds a NUL byte"),
        (lambda cell: cell[:1] + '"' + cell[1:], 'has an unmatched double quote (")'),
    ],
    ids=["nul", "stray-quote"],
)
def test_a_damaged_cell_is_named_by_row_and_column(
    name: str, damage: Callable[[str], str], says: str, pristine: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path)
    column = _damage_cell(folder, name, 3, 1, damage)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0].startswith(f"{name}: row 3, field {column}: {says}"), result.stderr


@pytest.mark.parametrize(
    "mistake",
    [
        {"laundry": {"categories": [{"name": n} for n in "wxyz"]}},
        {"visitation": {"windows": [1, 2, 3, 4, 5, 6, 7]}},
        {"routine": {"counts": list("abcdefg")}},
    ],
    ids=["categories", "windows", "counts"],
)
def test_a_settings_mistake_down_a_list_is_at_most_five_lines(
    mistake: dict[str, object], pristine: Path, tmp_path: Path
) -> None:
    folder = _copy(pristine, tmp_path)
    data = yaml.safe_load((folder / "facility.yaml").read_text(encoding="utf-8"))
    (folder / "facility.yaml").write_text(yaml.safe_dump(data | mistake, sort_keys=False), encoding="utf-8")
    result = CliRunner().invoke(main, ["validate", str(folder)])
    lines = result.stderr.splitlines()
    assert result.exit_code == 2
    assert 2 <= len(lines) <= 5 and all(line.startswith("facility.yaml: ") for line in lines), lines
    assert "more problems, in " in lines[-1] and "fix the ones above first" in lines[-1]


def test_a_missing_column_some_rows_need_is_one_line(pristine: Path, tmp_path: Path) -> None:
    """inmates.csv without its `charge` column: one line for the column, not one per row."""
    folder = _copy(pristine, tmp_path)
    path = folder / "inmates.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    fields = [f for f in rows[0] if f != "charge"]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("inmates.csv: row 1, field charge: column is missing; ")
    assert "row(s) need it (rows 2, 3, 4 ...)" in line and line.endswith("[HOU-04]")


def test_a_deleted_optional_file_is_said_once(pristine: Path, tmp_path: Path) -> None:
    """separations.csv and offences.csv deleted: still valid, and one stderr line says they
    are read as empty (a deleted keep-separate list is never silently an empty one)."""
    folder = _copy(pristine, tmp_path)
    for name in ("separations.csv", "offences.csv"):
        (folder / name).unlink()
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        "separations.csv, offences.csv: not in the instance folder, read as empty"
    ]
    assert CliRunner().invoke(main, ["validate", str(pristine)]).stderr == ""


def test_a_mistake_in_the_older_out_of_service_form_is_named_there(pristine: Path, tmp_path: Path) -> None:
    folder = _copy(pristine, tmp_path)
    facility = folder / "facility.yaml"
    facility.write_text(
        facility.read_text() + "\nlaundry:\n  out_of_service:\n    - {machine: W9, date: 2026-11-25}\n"
    )
    result = CliRunner().invoke(main, ["validate", str(folder)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("facility.yaml: field laundry.out_of_service[0].machine: no laundry machine 'W9'")
