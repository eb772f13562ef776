"""Fatal errors: the only things that raise. The CLI maps each to a message and exit code."""

from __future__ import annotations


class PipelineError(Exception):
    """Base of every fatal pipeline error."""

    exit_code = 1


class UsageError(PipelineError):
    """The command line asks for something unusable (missing folder, output inside input)."""

    exit_code = 2


class EmptyInput(UsageError):
    """No monograph files where a published set (or a database) holds some: nothing replaced."""


class Terminated(KeyboardInterrupt):
    """SIGTERM asked the process to stop: handled like Ctrl-C."""


class CheckFailed(PipelineError):
    """A pre-publish data check failed: the tables are inconsistent (a bug)."""

    exit_code = 3


class StrictModeFailure(PipelineError):
    """--strict was given and error-severity issues were found; nothing was published."""

    exit_code = 4


class LoadError(PipelineError):
    """Loading tables into a database failed; the database was left as it was."""

    exit_code = 5
