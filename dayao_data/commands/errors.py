"""The one way a ``dayao`` command reports a run that could not be made: a line on stderr, an exit code.

:func:`command_error` is the line every command prints (``dayao intake``, ``dayao assess`` …).
Every report command (the yearly report, ``--midterm``, ``--final``) refuses the same things the
same way (:func:`report_error`):

* a params file or option that cannot be used (:class:`~dayao_data.params.ParamsError`): exit 2;
* an output folder the run may not replace (:class:`~dayao_data.confine.OutputFolderError`):
  "refused, nothing written", exit 2;
* a run that failed (:class:`~dayao_data.run.result.ReportRunError`, the failed run kept): exit 1.

The message is shown with :func:`dayao_data.safe_text.printable` (control characters from a file
name or the data made visible), never as a traceback.
"""

from __future__ import annotations

import sys

__all__ = ["command_error", "report_error", "usage_error"]


def command_error(command: str, message: BaseException | str, code: int) -> int:
    r"""Print ``<command>: <message>`` on stderr (control characters shown) and return ``code``.

    >>> import io, contextlib
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     code = command_error("dayao intake", "bad\x1b[2Jname", 2)
    >>> code, err.getvalue()
    (2, 'dayao intake: bad\\x1b[2Jname\n')
    """
    from dayao_data.safe_text import printable

    print(f"{command}: {printable(message, multiline=True)}", file=sys.stderr)
    return code


def usage_error(command: str, exc: BaseException | str) -> int:
    """Print ``<command>: <message>`` on stderr and return exit code 2 (a usage or params error)."""
    return command_error(command, exc, 2)


def report_error(command: str, exc: BaseException) -> int | None:
    """The exit code for an error a report run raises (after printing it), or None for any other error.

    >>> import io, contextlib
    >>> from dayao_data.params import ParamsError
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     code = report_error("dayao report", ParamsError("params/2023.yaml", "band", "must be between 0 and 1"))
    >>> code, err.getvalue()
    (2, "dayao report: params/2023.yaml: key 'band': must be between 0 and 1\\n")
    """
    from dayao_data.confine import OutputFolderError
    from dayao_data.params import ParamsError
    from dayao_data.run.result import ReportRunError
    from dayao_data.safe_text import printable

    if isinstance(exc, ParamsError):
        return usage_error(command, exc)
    if isinstance(exc, OutputFolderError):
        print(f"{command}: refused, nothing written: {printable(exc, multiline=True)}", file=sys.stderr)
        return 2
    if isinstance(exc, ReportRunError):
        print(f"{command}: {printable(exc, multiline=True)}", file=sys.stderr)
        return 1
    return None
