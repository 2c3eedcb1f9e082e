"""What the commands share: the error boundary and small output helpers."""

from __future__ import annotations

import functools
import sys
import traceback

import typer

from ..errors import ClassifyError

STATE = {"debug": False}


class Terminated(BaseException):
    """SIGTERM, raised where the program stands so that partial files are cleaned up on the way out."""


def on_sigterm(signum, frame):
    raise Terminated()


def show_traceback() -> None:
    """With ``--debug``, print the traceback of the exception being handled."""
    if STATE["debug"]:
        traceback.print_exc()


def fail(message: str, code: int = 1) -> typer.Exit:
    """Print one line on stderr and return the exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def guarded(fn):
    """Run a command so that a user error is one line and an exit code, never a traceback.

    ``--debug`` (before the command) shows the traceback instead.
    """

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        try:
            return fn(*args, **kwargs)
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except ClassifyError as err:
            show_traceback()
            raise fail(str(err), err.exit_code) from None
        except KeyboardInterrupt:
            raise fail("interrupted", 130) from None
        except Terminated:
            raise fail("terminated", 143) from None
        except BrokenPipeError:
            sys.stderr.close()  # the reader went away (`| head`): nothing more to say
            raise typer.Exit(0) from None
        except Exception as err:  # a bug: still one line, with a way to see more
            show_traceback()
            raise fail(f"unexpected {type(err).__name__}: {err} (run `classify --debug ...` for the traceback)") from None

    return wrapper


class Progress:
    """Progress on stderr, only when stderr is a terminal (never in pipes, logs or CI)."""

    def __init__(self, label: str, enabled: bool | None = None):
        self.label = label
        self.enabled = sys.stderr.isatty() if enabled is None else enabled

    def __call__(self, done: int, total: int = 0) -> None:
        """``total`` 0: unknown (a stream), only the count is shown."""
        if self.enabled:
            end = "\n" if total and done >= total else ""
            sys.stderr.write(f"\r{self.label}: {done}" + (f"/{total}" if total else "") + end)
            sys.stderr.flush()

    def finish(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")
            sys.stderr.flush()
