"""Running ``slth`` in-process for the CLI tests."""

from verify.cli import main


def run_cli(argv, capsys):
    """(exit status, stdout, stderr): argparse's errors exit through SystemExit, the library's bad input returns 2."""
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    captured = capsys.readouterr()
    return status, captured.out, captured.err
