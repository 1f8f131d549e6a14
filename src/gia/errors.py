"""Errors a user can cause, each naming the place where the problem is."""

from __future__ import annotations

from gia.i18n import _


class GiaInputError(ValueError):
    """Bad input from a user: a file, a field or a value.

    ``source`` names the file (or the input as a whole) and ``problems`` lists each place inside it
    (a field path such as ``companies[2].fuels[0].amount``, a sheet and row, a line) with its
    message. Raising it means nothing was written.
    """

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.render())

    def render(self) -> str:
        def line(place: str, message: str) -> str:
            return f"{place}: {message}" if place else message

        if len(self.problems) == 1:
            return f"{self.source}: {line(*self.problems[0])}"
        header = _("{source}: {count} problems").format(source=self.source, count=len(self.problems))
        return "\n".join([header, *(f"  - {line(p, m)}" for p, m in self.problems)])


class PlacedValueError(ValueError):
    """Raised inside a validator to name the place of a problem below the validated object.

    Pydantic reports a model validator's error at the model itself; :func:`gia.documents.problems_from`
    appends ``place`` (``"heat_purchases[1].amount_kwh"``) so the message points at the field.
    """

    def __init__(self, place: str, message: str) -> None:
        self.place = place
        self.message = message
        super().__init__(message)
