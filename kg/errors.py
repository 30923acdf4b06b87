"""The errors claimgraph reports to users: each says what went wrong in the user's terms.

The command line maps them to exit codes; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from kg.records import Origin


class KgError(Exception):
    """A problem the user can fix: bad input, a failed check, an unreachable server."""


class SourceError(KgError):
    """An input file or record that cannot be read as the source format requires."""

    def __init__(self, origin: Origin, message: str) -> None:
        super().__init__(f"{origin}: {message}")
        self.origin = origin
        self.message = message

    def __reduce__(self) -> tuple[type[SourceError], tuple[Origin, str]]:
        """Rebuilt from its origin and message: a worker process sends it back whole (pickle
        would otherwise call ``SourceError(text)`` and fail, breaking the process pool)."""
        return (type(self), (self.origin, self.message))


class BuildError(KgError):
    """Records that cannot become a graph, such as a key referring to nothing."""


class PublishError(KgError):
    """A release that could not be written; the previous release is left in place."""
