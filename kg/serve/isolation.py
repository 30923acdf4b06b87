"""Clients' queries in forked worker processes that are killed at the time limit.

pyoxigraph cannot interrupt a running query, and an operator that reads all its input before
yielding (a COUNT over a cross join) would keep a core busy long after the client got its 503.
So ``/sparql`` queries run in worker processes forked from the server: they share the store's
pages with it (nothing is copied or reloaded), answer over a pipe (the result's bytes in the
format the client asked for, or pickled pyoxigraph terms for the HTML page), and are reused while they answer in time. A worker that passes the limit is killed, and the
next query forks a fresh one. At most ``IDLE_WORKERS`` wait between queries.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import stat
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.context import ForkProcess
from pathlib import Path

from kg.serve.backend import Answer, Limits, QueryFailed, timeout_error

IDLE_WORKERS = 2
Run = Callable[[str, Limits], Answer]
Outcome = Answer | bytes | tuple[str, int]  # the answer, its bytes, or (message, HTTP status)


class Worker:
    """One forked process that runs queries sent over its pipe until it is killed."""

    def __init__(self, run: Run) -> None:
        context = multiprocessing.get_context("fork")
        self.connection, child_end = context.Pipe()
        self.process: ForkProcess = context.Process(target=_serve, args=(run, child_end), daemon=True)
        self.process.start()
        child_end.close()

    def ask(self, text: str, limits: Limits, media_type: str | None) -> Outcome | None:
        """The answer (serialized when a media type is given) or the query's failure, or None
        when the time limit passed first."""
        self.connection.send((text, limits, media_type))
        if not self.connection.poll(limits.timeout):
            return None
        outcome: Outcome = self.connection.recv()
        return outcome

    def kill(self) -> None:
        self.process.kill()
        self.process.join()
        self.connection.close()


def _serve(run: Run, connection: Connection) -> None:
    """The worker's loop: a query in, its answer (or its bytes in the media type asked for) or
    (message, status) out."""
    from kg.serve.sparql import serialize_answer

    _forget_the_server(connection)
    while True:
        try:
            text, limits, media_type = connection.recv()
        except EOFError:
            return
        try:
            answer = run(text, limits)
            connection.send(answer if media_type is None else serialize_answer(answer, media_type))
        except QueryFailed as error:
            connection.send((str(error), error.status))


def _forget_the_server(keep: Connection) -> None:
    """Undo what the fork copied from the web server: its signal handlers and its sockets.

    With uvicorn's handlers a worker would ignore SIGTERM (so the server's exit would wait for
    it forever), and a worker holding the listening socket would leave clients hanging on a
    server that has stopped.
    """
    for number in (signal.SIGTERM, signal.SIGINT):
        signal.signal(number, signal.SIG_DFL)
    for entry in list(Path("/proc/self/fd").iterdir()):
        descriptor = int(entry.name)
        with contextlib.suppress(OSError):
            if descriptor != keep.fileno() and stat.S_ISSOCK(os.fstat(descriptor).st_mode):
                os.close(descriptor)


class Isolated:
    """Runs queries in reusable forked workers; the server's threads share one instance."""

    def __init__(self, run: Run) -> None:
        self.run = run
        self.idle: queue.SimpleQueue[Worker] = queue.SimpleQueue()

    def answer(self, text: str, limits: Limits) -> Answer:
        outcome = self._outcome(text, limits, None)
        assert isinstance(outcome, Answer)
        return outcome

    def serialized(self, text: str, media_type: str, limits: Limits) -> bytes:
        """The answer in a result format (kg.serve.sparql.serialize_answer), made by the worker."""
        outcome = self._outcome(text, limits, media_type)
        assert isinstance(outcome, bytes)
        return outcome

    def _outcome(self, text: str, limits: Limits, media_type: str | None) -> Answer | bytes:
        try:
            worker = self.idle.get_nowait()
        except queue.Empty:
            worker = Worker(self.run)
        try:
            outcome = worker.ask(text, limits, media_type)
        except (EOFError, OSError):
            worker.kill()
            raise QueryFailed("the query's process ended without an answer (out of memory?)", 500) from None
        if outcome is None:
            worker.kill()
            raise timeout_error(limits)
        self._release(worker)
        if isinstance(outcome, tuple):
            message, status = outcome
            raise QueryFailed(message, status)
        return outcome

    def _release(self, worker: Worker) -> None:
        if self.idle.qsize() < IDLE_WORKERS:
            self.idle.put(worker)
        else:
            worker.kill()
