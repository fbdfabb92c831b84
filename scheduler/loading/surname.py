"""The surname letter that decides an inmate's visitation window (docs/rules.md, conventions)."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """NFKD-normalise, drop accents and case-fold."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def surname_letter(last_name: str, particles: list[str] | tuple[str, ...] = ()) -> str | None:
    """The first letter of a last name, upper case, or None when it has no letter.

    Leading non-letters are skipped (O'Brien -> O). Particles such as "de" or "la" are
    skipped only when the facility lists them, so "de la Cruz" is D by default and C
    with particles ["de", "la"].
    """
    words = fold(last_name).split()
    skip = {fold(p) for p in particles}
    while len(words) > 1 and words[0] in skip:
        words = words[1:]
    for char in " ".join(words):
        if char.isalpha():
            return char.upper()
    return None
