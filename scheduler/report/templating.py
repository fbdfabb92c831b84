"""One Jinja2 set-up for every page jailsched writes (the report, the what-if page)."""

from __future__ import annotations

from functools import cache

import jinja2
from markupsafe import Markup


@cache
def environment(package: str) -> jinja2.Environment:
    """The templates in `package`'s `templates/` folder, escaping every value (names and
    places come from input files), failing on an undefined name instead of printing nothing."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader(package, "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["css"] = css_string
    return env


def css_string(value: object) -> Markup:
    """A CSS string literal for a style sheet's `content` (a printed page's header): every
    character but letters, digits and spaces as a CSS escape, so no name can close the string
    or the style element (each escape ends with the space CSS takes as its end, so a space
    after it stays)."""
    text = "".join(c if c.isascii() and (c.isalnum() or c == " ") else f"\\{ord(c):06x} " for c in str(value))
    return Markup(f'"{text}"')
