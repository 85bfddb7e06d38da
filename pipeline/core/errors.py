"""Errors that reach the user: each carries its Vietnamese message and the exit code the command
ends with (as click's exceptions do), so the command layer converts them once, at the edge.

Exit codes: 1 some report could not be made (or `check` found errors); 2 the command cannot
start (configuration, folders, arguments); 3 an unexpected internal error.
"""

from __future__ import annotations


class UserError(Exception):
    """str() is the message for the user; exit_code what the command exits with."""

    exit_code = 2


class CannotStart(UserError):
    """Configuration, folders or arguments do not allow the command to run."""

    exit_code = 2


class WorkFailed(UserError):
    """The command ran but part of the work could not be done."""

    exit_code = 1
