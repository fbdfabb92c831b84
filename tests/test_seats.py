"""Level 2's proof without a solve (VIS-09): the booths as a matching of served requests to
slot starts."""

from __future__ import annotations

from scheduler.visitation.seats import Seats


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
