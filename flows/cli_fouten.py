"""Command lines and settings the CLI cannot use, each said in one line in the user's language.

Usage errors are not Typer's English sentences translated: `usage_error_line` reads the
exception's structure (which parameter, which option, which value and why; pydantic's error for a
value of the wrong type) and says it through flows.messages, naming an option as the user types it
(`--cycle`, never the Python name `cyclus`) and saying what would be valid. Only where Typer keeps
no structure (a missing file, an unknown command, extra arguments) is its message read, by
patterns that tests/flows/test_cli_fouten.py holds to Typer's wording. `settings_error_line` does
the same for MAKELAAR_* variables the settings refuse.
"""

from __future__ import annotations

import difflib
import re
import sys
from enum import Enum
from typing import Any, TextIO

from typer import _click
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    ClickException,
    MissingParameter,
    NoArgsIsHelpError,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperArgument, TyperGroup, TyperOption

from makelaar.flows.cli_taal import use_language
from makelaar.flows.messages import say
from makelaar.models.taal import Taal, in_taal


def _option_name(param: _click.Parameter) -> str:
    """An option as the user types it (its first long name), an argument by its shown name."""
    if isinstance(param, TyperOption):
        longs = [opt for opt in param.opts if opt.startswith("--")]
        return (longs or param.opts)[0]
    return param.metavar or (param.name or "").upper()


def _what_it_is(param: _click.Parameter | None) -> str:
    text = getattr(param, "help", None) or ""
    text = text.strip().rstrip(".")
    return f" ({text})" if text else ""


def _choices(param: _click.Parameter) -> list[str] | None:
    if not isinstance(param, (TyperArgument, TyperOption)):
        return None
    descriptor = param.type_descriptor
    if not descriptor.is_choice or descriptor.choices is None:
        return None
    return [str(c.value) if isinstance(c, Enum) else str(c) for c in descriptor.choices]


def _range(param: _click.Parameter, taal: Taal) -> str | None:
    low, high = getattr(param, "min", None), getattr(param, "max", None)
    if low is not None and high is not None:
        return say("usage_range_between", taal, min=low, max=high)
    if low is not None:
        return say("usage_range_min", taal, min=low)
    if high is not None:
        return say("usage_range_max", taal, max=high)
    return None


_PATH_PROBLEMS = {
    "does not exist": "usage_path_missing",
    "is a file": "usage_path_is_file",
    "is a directory": "usage_path_is_dir",
    "is not readable": "usage_path_unreadable",
    "is not writable": "usage_path_unwritable",
}
_PATH_MESSAGE = re.compile(
    r"^(?:file|directory|path) (?P<pad>'.*'|\".*\") (?P<wat>"
    + "|".join(map(re.escape, _PATH_PROBLEMS))
    + r")\.$",
    re.IGNORECASE,
)
_EXTRA_ARGUMENTS = re.compile(
    r"^Got unexpected extra argument(?:s|\(s\))? \((?P<extra>.*)\)$", re.DOTALL
)
_NO_SUCH_COMMAND = re.compile(r"(?P<naam>'[^']*'|\"[^\"]*\")")


def _bad_value(error: BadParameter, param: _click.Parameter, taal: Taal) -> str:
    naam = _option_name(param)
    path = _PATH_MESSAGE.match(error.message)
    if path:
        return say(_PATH_PROBLEMS[path["wat"].lower()], taal, naam=naam, pad=path["pad"])
    cause = error.__cause__
    details: dict[str, Any] = {}
    errors = getattr(cause, "errors", None)
    if callable(errors):
        found = errors()
        details = found[0] if found else {}
    if "input" not in details:
        return say("usage_invalid", taal, naam=naam, reden=error.message)
    waarde = f"'{details['input']}'"
    kind = str(details.get("type", ""))
    keuzes = _choices(param)
    if keuzes is not None:
        return say("usage_bad_choice", taal, naam=naam, waarde=waarde, keuzes=", ".join(keuzes))
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bereik = _range(param, taal)
        if bereik is not None:
            return say("usage_bad_range", taal, naam=naam, waarde=waarde, bereik=bereik)
    if kind == "int_parsing" or kind == "int_from_float":
        return say("usage_bad_int", taal, naam=naam, waarde=waarde)
    if kind == "float_parsing":
        return say("usage_bad_number", taal, naam=naam, waarde=waarde)
    soort = "?"
    if error.ctx is not None and isinstance(param, (TyperArgument, TyperOption)):
        soort = param.display_type(error.ctx)
    return say("usage_bad_value", taal, naam=naam, waarde=waarde, soort=soort)


def _options(ctx: _click.Context) -> dict[str, str]:
    """Every name of the command's options (aliases too), with the option's first name."""
    names: dict[str, str] = {}
    for param in ctx.command.get_params(ctx):
        if isinstance(param, TyperOption) and not param.hidden:
            for opt in [*param.opts, *param.secondary_opts]:
                names[opt] = _option_name(param) if opt in param.opts else opt
    return names


def _suggestion(typed: str, known: dict[str, str], taal: Taal, quote: str = "") -> str:
    """'; did you mean X?' for a close match, else '; choose from: ...' (first names only)."""
    close = dict.fromkeys(known[name] for name in difflib.get_close_matches(typed, known, n=3))
    shown = [f"{quote}{name}{quote}" for name in close or dict.fromkeys(known.values())]
    if close:
        return "; " + say("usage_did_you_mean", taal, wat=" / ".join(shown))
    return "; " + say("usage_choose", taal, keuzes=", ".join(shown))


def usage_error_line(error: UsageError, taal: Taal) -> str:
    """The one line that says what is wrong with a command line, in `taal` (without 'Fout:')."""
    ctx = error.ctx = _context_of(error)
    commando = ctx.command_path if ctx is not None else ""
    param = getattr(error, "param", None)
    if isinstance(error, MissingParameter) and param is not None:
        key = "usage_missing_option" if isinstance(param, TyperOption) else "usage_missing_argument"
        line = say(key, taal, naam=_option_name(param)) + _what_it_is(param)
    elif isinstance(error, BadParameter) and param is not None:
        line = _bad_value(error, param, taal)
    elif isinstance(error, BadParameter) and error.param_hint is not None:
        hint = error.param_hint
        naam = hint if isinstance(hint, str) else " / ".join(hint)
        line = say("usage_invalid", taal, naam=naam, reden=error.message)
    elif isinstance(error, NoSuchOption) and ctx is not None:
        line = say("usage_no_such_option", taal, naam=error.option_name, commando=commando)
        line += _suggestion(error.option_name, _options(ctx), taal)
    elif isinstance(error, BadOptionUsage):
        param = _param_named(ctx, error.option_name)
        if "does not take a value" in error.message:
            line = say("usage_flag_value", taal, naam=error.option_name)
        else:
            line = say("usage_option_needs_value", taal, naam=error.option_name)
            line += _what_it_is(param)
    else:
        line = _group_or_arguments_line(error, taal)
    line = line if line.endswith((".", "?")) else line + "."
    if ctx is None:
        return line
    return say("usage_see", taal, fout=line, commando=commando)


def _context_of(error: UsageError) -> _click.Context | None:
    """The error's context; for an option Typer's parser refused, the one it was parsing for.

    The parser raises BadOptionUsage and NoSuchOption without a context when it is not given one;
    the context is then the `ctx` of the innermost frame of the traceback that has one (the
    command's parse_args), so the usage line can still be printed.
    """
    if error.ctx is not None:
        return error.ctx
    found: _click.Context | None = None
    trace = error.__traceback__
    while trace is not None:
        candidate = trace.tb_frame.f_locals.get("ctx")
        if isinstance(candidate, _click.Context):
            found = candidate
        trace = trace.tb_next
    return found


def _param_named(ctx: _click.Context | None, option: str) -> _click.Parameter | None:
    if ctx is None:
        return None
    for param in ctx.command.get_params(ctx):
        if option in param.opts or option in param.secondary_opts:
            return param
    return None


def _group_or_arguments_line(error: UsageError, taal: Taal) -> str:
    """Unknown or missing commands and extra arguments: Typer says these as plain UsageErrors."""
    ctx = error.ctx
    if ctx is None:
        return error.message
    commando = ctx.command_path
    command = ctx.command
    extra = _EXTRA_ARGUMENTS.match(error.message)
    if extra:
        arguments = [
            _option_name(p) for p in command.get_params(ctx) if isinstance(p, TyperArgument)
        ]
        verwacht = (
            say("usage_takes_only", taal, commando=commando, namen=" ".join(arguments))
            if arguments
            else say("usage_takes_none", taal, commando=commando)
        )
        return say("usage_extra_arguments", taal, extra=extra["extra"], verwacht=verwacht)
    if isinstance(command, TyperGroup):
        known = [name for name, sub in command.commands.items() if not sub.hidden]
        # A group fails in two ways: "No such command 'x'." (with the name quoted) or
        # "Missing command.".
        typed = _NO_SUCH_COMMAND.search(error.message)
        if typed:
            naam = typed["naam"][1:-1]
            line = say("usage_no_such_command", taal, naam=naam, commando=commando)
            return line + _suggestion(naam, {name: name for name in known}, taal, quote="'")
        return say("usage_missing_command", taal, commando=commando, keuzes=", ".join(known))
    return error.message


_SETTING_BOUNDS = {
    "greater_than_equal": ("usage_range_min", "ge", "min"),
    "less_than_equal": ("usage_range_max", "le", "max"),
    "greater_than": ("usage_range_above", "gt", "min"),
    "less_than": ("usage_range_below", "lt", "max"),
}
"""pydantic's bound errors: the message saying the bound, pydantic's name and ours for it."""

_SETTING_CHECKS_EN = {
    "webadres": "not a web address; give an address that begins with https:// or http://, "
    "without ? or #, e.g. https://enquete.utrecht.nl",
    "afzender": "not a sender; give one e-mail address, with a name before it if wanted, e.g. "
    "'Onderzoek Buurtmeter <onderzoek@utrecht.nl>'",
    "bloknaam": "not the name of a Prefect block; use lower-case letters, digits and '-', e.g. "
    "'makelaar-pseudoniemsleutel'",
}
"""models.settings' own checks (PydanticCustomError, their message in Dutch) in English, by type."""


def settings_error_line(error: Exception, taal: Taal) -> str | None:
    """One line for MAKELAAR_* settings the Settings class refuses; None for any other error."""
    from typing import Literal, get_args, get_origin

    from pydantic import ValidationError

    from makelaar.models.settings import Settings

    if not isinstance(error, ValidationError) or error.title != Settings.__name__:
        return None
    parts = []
    for detail in error.errors():
        field = str(detail["loc"][0]) if detail["loc"] else ""
        info = Settings.model_fields.get(field)
        literal = info is not None and get_origin(info.annotation) is Literal
        keuzes = get_args(info.annotation) if info is not None and literal else ()
        wat = say("usage_choose", taal, keuzes=", ".join(map(str, keuzes))) if keuzes else None
        if detail["type"] in ("int_parsing", "float_parsing"):
            wat = say(f"settings_{detail['type']}", taal)
        eigen = _SETTING_CHECKS_EN.get(str(detail["type"]))
        if eigen is not None:
            wat = in_taal(taal, str(detail["msg"]), eigen)
        bound = _SETTING_BOUNDS.get(str(detail["type"]))
        if bound is not None:
            key, theirs, ours = bound
            bereik = say(key, taal, **{ours: detail.get("ctx", {}).get(theirs)})
            wat = say("settings_number", taal, bereik=bereik)
        parts.append(
            say(
                "settings_invalid",
                taal,
                naam=f"MAKELAAR_{field.upper()}",
                waarde=f"'{detail.get('input')}'",
                wat=wat or detail["msg"],
            )
        )
    return "; ".join(parts) + "."


def show_click_error(error: ClickException, taal: Taal, file: TextIO | None = None) -> int:
    """Print a usage error (the command's usage, then one line) or Typer's other errors; the exit code."""
    stream = file or sys.stderr
    use_language(taal)
    if isinstance(error, NoArgsIsHelpError):
        if error.message.strip():  # plain help (rich help was printed while it was made)
            print(error.message, file=stream)
        return error.exit_code
    if isinstance(error, UsageError):
        line = usage_error_line(error, taal)
        if error.ctx is not None:
            print(error.ctx.get_usage(), file=stream)
        print(say("error", taal, fout=line), file=stream, flush=True)
        return error.exit_code
    print(say("error", taal, fout=error.format_message()), file=stream, flush=True)
    return error.exit_code
