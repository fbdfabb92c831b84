"""One Jinja2 set-up for every page jailsched writes (the report, the what-if page)."""

from __future__ import annotations

from functools import cache

import jinja2


@cache
def environment(package: str) -> jinja2.Environment:
    """The templates in `package`'s `templates/` folder, escaping every value (names and
    places come from input files), failing on an undefined name instead of printing nothing."""
    return jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
