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


# The options that say how to read articles, shared by every command that reads them (tag, ingest, label).
from typing import Annotated, Optional  # noqa: E402

Encoding = Annotated[Optional[str], typer.Option("--encoding", "-e", help="Text encoding of text files, e.g. cp1252 (default: UTF-8, or UTF-16 with a BOM).")]
Split = Annotated[Optional[str], typer.Option("--split", help="Regular expression of the separator line between articles in one text file.")]
TextField = Annotated[Optional[str], typer.Option("--text-field", help="Collections (.jsonl/.json/.csv): the field with the text (default: text, content, body...).")]
TitleField = Annotated[Optional[str], typer.Option("--title-field", help="Collections: the field with the title (default: title, headline).")]
DateField = Annotated[Optional[str], typer.Option("--date-field", help="Collections: the field with the date (default: date, published...).")]
UrlField = Annotated[Optional[str], typer.Option("--url-field", help="Collections: the field with the address (default: url, link).")]
IdField = Annotated[Optional[str], typer.Option("--id-field", help="Collections: the field with the record's id (default: id).")]
LangField = Annotated[Optional[str], typer.Option("--lang-field", help="Collections: the field with the language (default: lang, language).")]


def read_options(encoding=None, split=None, text_field=None, title_field=None, date_field=None, url_field=None, id_field=None, lang_field=None):
    """The `readers.ReadOptions` the command line asked for, checked (a bad encoding or pattern is a usage error)."""
    from ..articles import check_encoding
    from ..readers import ReadOptions
    from ..readers.text import compile_split

    if encoding is not None:
        encoding = check_encoding(encoding)
    if split is not None:
        compile_split(split)
    return ReadOptions(
        encoding=encoding, split=split, text_field=text_field, title_field=title_field,
        date_field=date_field, url_field=url_field, id_field=id_field, lang_field=lang_field,
    )
