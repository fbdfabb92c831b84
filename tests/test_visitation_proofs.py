"""Visitation's proofs without a solve (VIS-09): the booths as a matching of served requests
to slot starts (level 2), and the flow bound on the requests served (level 1)."""

from __future__ import annotations

from pathlib import Path

from scheduler.engine.context import Context
from scheduler.engine.solving import SolveSettings
from scheduler.loading import load_instance
from scheduler.visitation.bound import served_bound
from scheduler.visitation.options import options_for
from scheduler.visitation.seats import Seats
from tests.builders import FACILITY, ONE_SLOT, one_slot_rows, write_instance


def test_an_augmenting_path_moves_a_request_to_make_room() -> None:
    """One booth at 0 and 30: A takes 0; B can only use 0, so A moves to 30."""
    seats = Seats({"A": [0, 30], "B": [0], "C": [0, 30]}, {0: 1, 30: 1})
    assert seats.add("A") and seats.at == {"A": 0}
    assert seats.fits("B") and seats.at == {"A": 0}  # a probe changes nothing
    assert seats.add("B") and seats.at == {"A": 30, "B": 0}
    assert not seats.fits("C")  # both starts hold a request that cannot move
    assert seats.full == {0, 30}


def test_a_start_proven_full_stays_out_of_later_searches() -> None:
    seats = Seats({"A": [0], "B": [0], "C": [0, 60], "D": [60]}, {0: 1, 60: 1})
    assert seats.add("A") and not seats.fits("B")
    assert seats.full == {0}
    assert seats.fits("C") and seats.add("C") and seats.at["C"] == 60
    assert not seats.fits("D")


def test_the_flow_bound_counts_booths_and_quotas(tmp_path: Path) -> None:
    """A window of one slot: two inmates with one request each fill two booths (bound 2);
    one inmate with both requests is held to his daily quota of one (bound 1)."""
    for same, booths, bound in ((False, 2, 2), (False, 1, 1), (True, 2, 1)):
        facility = FACILITY | {"visitation": {"booths": booths, "windows": [ONE_SLOT]}}
        folder = write_instance(tmp_path / f"{same}{booths}", one_slot_rows(same), facility=facility)
        instance = load_instance(folder)
        options = options_for(Context.of(instance, SolveSettings()))
        assert served_bound(instance, options) == bound
