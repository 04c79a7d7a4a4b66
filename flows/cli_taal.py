"""The command line's own words in the user's language: help pages and usage errors, Dutch or English.

Why this mechanism. Typer (0.29) does not use Click: it ships its own adapted copy (`typer._click`)
in which almost every word a user reads is a plain literal ("Usage: ", "Show this message and
exit.", "No such option: ...", "Missing parameter: ..."), and only a handful go through
`gettext` (typer/core.py's section titles and "[default: ...]"; typer/rich_utils.py's panel
titles, computed once when that module is imported). A gettext catalogue for the `messages`
domain would therefore translate a few headings and leave the rest English. So the CLI takes the
words into its own hands, in one place, with one table per direction:

- `LIBRARY_NL` (below) holds every word Typer prints itself, in Typer's English, with its Dutch.
  With MAKELAAR_LOCALE=en Typer's own English is shown unchanged. The table reaches Typer through
  four hooks, installed once by `install()`: the module-level `_` of typer.core (its gettext
  calls), the fixed strings of typer.rich_utils (help is rendered through rich, since the app's
  rich_markup_mode is "rich"; they are set before every rendering, see `_Formatter`), the usage
  prefix (`Context.formatter_class`), and the type labels such as `<int>`
  (`_TyperParameter.display_type`). Each hook target is checked by the tests, so an upgrade of
  Typer that moves one fails there, not silently in front of a user.
- `flows.cli_help_en.HELP_EN` holds the English of every help text written in the code (which is
  Dutch), keyed by the Dutch text. `translate_tree` puts the texts of the user's language on the
  command tree Typer builds for each call, with the argument names (RONDE_ID, ROUND_ID) and
  the help option's own line.
- Usage errors are not Typer's sentences translated: `usage_error_line` reads the exception's
  structure (which parameter, which option, which value and why) and says it in one line through
  flows.messages, naming an option as the user types it (`--cycle`, never `cyclus`).

`MakelaarGroup` (the app's root group) does the per-call part: it picks the language from the
settings, installs the hooks and translates the tree before Typer parses anything.
"""

from __future__ import annotations

import difflib
import re
import sys
from collections.abc import Sequence
from enum import Enum
from typing import Any, TextIO

import typer.core
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
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperGroup, TyperOption

from flows.cli_help_en import HELP_EN
from flows.messages import Taal, say

LIBRARY_NL: dict[str, str] = {
    # The usage line and the metavars Typer puts in it.
    "Usage: ": "Gebruik: ",
    "[OPTIONS]": "[OPTIES]",
    "COMMAND [ARGS]...": "COMMANDO [ARGUMENTEN]...",
    # The help option.
    "Show this message and exit.": "Toon deze hulp en stop.",
    # Section and panel titles (typer.core for plain help, typer.rich_utils for rich help).
    "Arguments": "Argumenten",
    "Options": "Opties",
    "Commands": "Commando's",
    "Error": "Fout",
    # What follows an option's help.
    "[default: {}]": "[standaard: {}]",
    "default: {default}": "standaard: {default}",
    "[env var: {}]": "[omgevingsvariabele: {}]",
    "env var: {var}": "omgevingsvariabele: {var}",
    "[required]": "[verplicht]",
    "required": "verplicht",
    "(deprecated) ": "(verouderd) ",
    "(dynamic)": "(berekend)",
    # Typer's remaining gettext words.
    "Aborted.": "Afgebroken.",
    "Aborted!": "Afgebroken!",
    "Try [blue]'{command_path} {help_option}'[/] for help.": (
        "Zie [blue]'{command_path} {help_option}'[/] voor hulp."
    ),
    "Missing command.": "Een commando ontbreekt.",
    "No such command {name!r}.": "Het commando {name!r} bestaat niet.",
    # Type labels, as in `<int>` (a choice shows its values, which are never translated).
    "int": "getal",
    "float": "getal",
    "str": "tekst",
    "path": "pad",
    "Path": "pad",
    "file": "bestand",
    "directory": "map",
    "bool": "vlag",
    "datetime": "datum",
    "int range": "getal",
    "float range": "getal",
    "list": "lijst",
}
"""Every word Typer prints itself (its English) with the Dutch shown instead."""

_RICH_STRINGS = (
    "DEPRECATED_STRING",
    "DEFAULT_STRING",
    "ENVVAR_STRING",
    "REQUIRED_LONG_STRING",
    "ARGUMENTS_PANEL_TITLE",
    "OPTIONS_PANEL_TITLE",
    "COMMANDS_PANEL_TITLE",
    "ERRORS_PANEL_TITLE",
    "ABORTED_TEXT",
    "RICH_HELP",
)
"""The fixed strings of typer.rich_utils that end up in help pages and error panels."""

_language: list[Taal] = ["nl"]
_rich_english: dict[str, str] = {}
_installed: list[bool] = []


def library_text(text: str, taal: Taal | None = None) -> str:
    """Typer's own `text` in the language of this call (Typer's English when it is English)."""
    if (taal or _language[0]) == "en":
        return text
    return LIBRARY_NL.get(text, text)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def help_text(text: str | None, taal: Taal) -> str | None:
    """A help text from the code (Dutch) in `taal`; a text without English stays as it is."""
    if text is None or taal == "nl":
        return text
    return HELP_EN.get(_normalised(text), text)


def missing_english(texts: Sequence[str]) -> list[str]:
    """The texts among `texts` that HELP_EN has no English for."""
    return [text for text in texts if _normalised(text) not in HELP_EN]


def type_label(label: str, taal: Taal | None = None) -> str:
    """A type label such as `<int>` or `<list[Path]>` in the language of this call."""
    if (taal or _language[0]) == "en":
        return label
    return re.sub(r"[A-Za-z]+(?: range)?", lambda word: LIBRARY_NL.get(word[0], word[0]), label)


class _Formatter(HelpFormatter):
    """Typer's help formatter, with the usage prefix, and rich's fixed strings, in the language."""

    def __init__(
        self, indent_increment: int = 2, width: int | None = None, max_width: int | None = None
    ) -> None:
        super().__init__(indent_increment=indent_increment, width=width, max_width=max_width)
        _set_rich_strings()

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, library_text("Usage: ") if prefix is None else prefix)


def _set_rich_strings() -> None:
    """Put rich_utils' fixed strings in the current language (they are read at each render)."""
    from typer import rich_utils

    if not _rich_english:
        _rich_english.update({name: getattr(rich_utils, name) for name in _RICH_STRINGS})
        rich_utils.OptionHighlighter.highlights.append(
            r"(?P<usage>" + re.escape(LIBRARY_NL["Usage: "]) + ")"
        )
    for name, english in _rich_english.items():
        setattr(rich_utils, name, library_text(english))


def _typer_gettext(message: str) -> str:
    return library_text(message)


def install() -> None:
    """Hook LIBRARY_NL into Typer (once per process; the language is chosen per call)."""
    if _installed:
        return
    # typer.core's `from gettext import gettext as _`, answered from LIBRARY_NL instead.
    setattr(typer.core, "_", _typer_gettext)  # noqa: B010
    _click.core.Context.formatter_class = _Formatter
    display_type = typer.core._TyperParameter.display_type

    def translated_display_type(self: typer.core._TyperParameter, ctx: _click.Context) -> str:
        label = display_type(self, ctx)
        return label if self.type_descriptor.is_choice else type_label(label)

    # A method of Typer's parameter class, replaced: the label has no other hook.
    setattr(typer.core._TyperParameter, "display_type", translated_display_type)  # noqa: B010
    _installed.append(True)


def use_language(taal: Taal) -> None:
    """Make `taal` the language of what Typer prints in this call."""
    install()
    _language[0] = taal


def user_language() -> Taal:
    """MAKELAAR_LOCALE as the settings read it; when another setting is refused, as it is set
    (the settings come from the environment only), and Dutch when it is not 'en'."""
    import os

    from pydantic import ValidationError

    from models.settings import get_settings

    try:
        return get_settings().locale
    except ValidationError:
        return "en" if os.environ.get("MAKELAAR_LOCALE") == "en" else "nl"


def argument_name(param: TyperArgument, taal: Taal) -> str:
    """How an argument is shown: its metavar, else its name in capitals (RONDE_ID)."""
    name = param.metavar or (param.name or "").upper()
    return help_text(name, taal) or name


def translate_tree(
    command: _click.Command, taal: Taal, help_names: list[str] | None = None
) -> None:
    """Put help texts, argument names and Typer's metavars of `taal` on a fresh command tree."""
    command.help = help_text(command.help, taal)
    command.short_help = help_text(command.short_help, taal)
    if command.options_metavar:
        command.options_metavar = library_text(command.options_metavar, taal)
    names = command.context_settings.get("help_option_names", help_names)
    for param in command.params:
        if isinstance(param, (TyperArgument, TyperOption)):
            param.help = help_text(param.help, taal)
        if isinstance(param, TyperArgument):
            param.metavar = argument_name(param, taal)
    help_option = command.get_help_option(command.context_class(command, help_option_names=names))
    if help_option is not None and help_option.help:
        help_option.help = library_text(help_option.help, taal)
    if isinstance(command, TyperGroup):
        if command.subcommand_metavar:
            command.subcommand_metavar = library_text(command.subcommand_metavar, taal)
        for sub in command.commands.values():
            translate_tree(sub, taal, names)


class MakelaarGroup(TyperGroup):
    """The root group: the call's language picked and put on the command tree before parsing."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        taal = user_language()
        use_language(taal)
        translate_tree(self, taal)
        return super().main(
            args=args,
            prog_name=prog_name,
            complete_var=complete_var,
            standalone_mode=standalone_mode,
            windows_expand_args=windows_expand_args,
            **extra,
        )


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
            p.metavar or (p.name or "").upper()
            for p in command.get_params(ctx)
            if isinstance(p, TyperArgument)
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


def settings_error_line(error: Exception, taal: Taal) -> str | None:
    """One line for MAKELAAR_* settings the Settings class refuses; None for any other error."""
    from typing import Literal, get_args, get_origin

    from pydantic import ValidationError

    from models.settings import Settings

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
