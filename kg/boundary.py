"""The command line's outer edge: one rule for exit codes, one line per error, no secrets.

Every ``kg`` command runs through :func:`run_guarded`. Whatever escapes a command ends here:
a :class:`~kg.errors.KgError` is the user's problem, said in the user's terms; an
``OSError`` is the machine's (a full disk, a folder that cannot be written), said with the
path; anything else is a bug, said in one line with the way to see its traceback. All of them
exit 2, which scripts read as "could not run" (1 is kept for data that does not conform).
Passwords in URLs are masked in every message, since users paste endpoint URLs with them.
"""

from __future__ import annotations

import re
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import NoReturn, TypeVar

import click

from kg.errors import KgError

EXIT_OK, EXIT_INVALID, EXIT_ERROR = 0, 1, 2

T = TypeVar("T")

# scheme://user:password@ -> scheme://user:***@ (also a bare scheme://password@)
_CREDENTIALS = re.compile(r"(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<user>[^/@\s:]*)(?::[^/@\s]*)?@")


def redact(text: str) -> str:
    """The text with the password of every URL in it masked."""
    return _CREDENTIALS.sub(lambda match: f"{match['scheme']}{match['user']}:***@", text)


def run_guarded(command: Callable[[], T], debug: bool = False) -> T:
    """Run a command; turn anything it raises into a one-line message and exit code 2.

    click's own exceptions (usage errors, ``--help``, exits) pass through to click.
    With ``debug`` an unexpected error keeps its traceback, for reporting a bug.
    """
    with _sigterm_as_interrupt():
        try:
            return command()
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort, SystemExit):
            raise
        except KgError as error:
            _exit_with(str(error))
        except KeyboardInterrupt:
            _exit_with("interrupted; nothing was left half-written")
        except OSError as error:
            if debug:
                raise
            _exit_with(_describe_os_error(error))
        except Exception as error:
            if debug:
                raise
            _exit_with(
                f"unexpected {type(error).__name__}: {_one_line(str(error))} (a bug: run kg --debug ... for the traceback and report it)"
            )


def _exit_with(message: str) -> NoReturn:
    click.echo(f"error: {redact(message)}", err=True)
    sys.exit(EXIT_ERROR)


def _describe_os_error(error: OSError) -> str:
    """The path and the system's reason, without the Python class name."""
    reason = error.strerror or _one_line(str(error)) or type(error).__name__
    paths = [str(name) for name in (error.filename, error.filename2) if name is not None]
    return f"{' -> '.join(paths)}: {reason}" if paths else reason


def _one_line(text: str, limit: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 3] + "..."


@contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM unwinds like Ctrl-C, so every ``finally`` and cleanup runs (staging folders
    removed, worker processes stopped) instead of the process vanishing mid-write."""

    def interrupt(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
