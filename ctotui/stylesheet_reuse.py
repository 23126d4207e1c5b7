"""A Textual stylesheet that parses CSS again only when the variables (the theme) change.

Textual parses the whole stylesheet (the app's CSS and every widget's default
CSS) from scratch whenever a screen is shown for the first time
(`App.refresh_css` calls `Stylesheet.reparse`), even when nothing it depends on
changed. At start-up that parse, and the one after it that finds its cache
emptied, are about a sixth of the time to the first frame. Parsed rules depend
only on a source's text and on the variables, and the stylesheet already keeps
them per source in its parse cache; this subclass keeps that cache while the
variables stay the same, so only sources not parsed yet are parsed. A new theme
(other variables) empties the cache and parses everything again, as before.
"""

from __future__ import annotations

from textual.css.stylesheet import Stylesheet


class ReusingStylesheet(Stylesheet):
    """`Stylesheet` whose `reparse` reuses rules parsed with the same variables."""

    def __init__(self, *, variables: dict[str, str] | None = None) -> None:
        super().__init__(variables=variables)
        self._parsed_with: dict[str, str] = dict(variables or {})

    def set_variables(self, variables: dict[str, str]) -> None:
        """New variables empty the parse cache; the same ones keep it."""
        if variables == self._parsed_with:
            return
        self._parsed_with = dict(variables)
        super().set_variables(variables)

    def reparse(self) -> None:
        """Assemble the rules of every source, parsing only those not in the cache."""
        self.parse()
