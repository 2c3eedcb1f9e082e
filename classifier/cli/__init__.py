"""The `classify` command line: a thin layer over the library.

Each command lives in its own module; heavy libraries are imported inside the
commands, so that `classify --help` stays fast.
"""

import signal

import typer

from . import _util

app = typer.Typer(
    help="Tag news articles on international cooperation with sectors. Example: classify tag seeds/tolam-mishustin.txt",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        from .. import __version__

        typer.echo(f"classify {__version__}")
        raise typer.Exit(0)


@app.callback()
def _main(
    debug: bool = typer.Option(False, "--debug", help="Show the full traceback of an error."),
    version: bool = typer.Option(False, "--version", is_eager=True, callback=_print_version, help="Print the version and exit."),
):
    _util.STATE["debug"] = debug
    signal.signal(signal.SIGTERM, _util.on_sigterm)


from . import data, evaluate, export, ingest, label, report, review, tag, train  # noqa: E402,F401  (registers the commands)


def main() -> None:
    app()
