"""Every write a user can cause: one ``do_*`` function per use case, atomic, writing the audit trail.

Views and the API call these and nothing else that writes. A ``do_*`` function raises
:class:`ActionError` (a message that names the place) or :class:`gia.errors.GiaInputError` for bad input,
and then nothing has been written.
"""


class ActionError(Exception):
    """A request that cannot be carried out; ``place`` names the field it is about (or "")."""

    def __init__(self, message: str, place: str = "") -> None:
        self.message = message
        self.place = place
        super().__init__(message)
