"""The command line's own words in the user's language: help pages, Dutch or English.

Why this mechanism. Typer (0.29) does not use Click: it ships its own adapted copy (`typer._click`)
in which almost every word a user reads is a plain literal ("Usage: ", "Show this message and
exit.", "No such option: ...", "Missing parameter: ..."), and only a handful go through
`gettext` (typer/core.py's section titles and "[default: ...]"; typer/rich_utils.py's panel
titles, computed once when that module is imported). A gettext catalogue for the `messages`
domain would therefore translate a few headings and leave the rest English. So the CLI takes the
words into its own hands, in one place, with one table per direction:

- `TYPER` (below, catalogue 'typer') holds every word Typer prints itself, keyed by Typer's
  English, with its Dutch.
  With MAKELAAR_LOCALE=en Typer's own English is shown unchanged. The table reaches Typer through
  four hooks, installed once by `install()`: the module-level `_` of typer.core (its gettext
  calls), the fixed strings of typer.rich_utils (Typer renders help through rich when rich is
  installed, its default rich_markup_mode "rich"; they are set before every rendering, see
  `_Formatter`), the usage prefix (`Context.formatter_class`), and the type labels such as
  `<int>` (`_TyperParameter.display_type`). Each hook target is checked by the tests, so an upgrade of
  Typer that moves one fails there, not silently in front of a user.
- `flows.cli_help_en.HELP` (catalogue 'cli_help') holds the English of every help text written in
  the code (which is Dutch), keyed by the Dutch text. `translate_tree` puts the texts of the
  user's language on the command tree Typer builds for each call, with the argument names
  (RONDE_ID, ROUND_ID) and the help option's own line.
- Usage errors are said by flows/cli_fouten.py from the exception's structure, not from Typer's
  English sentences.

`MakelaarGroup` (the app's root group) does the per-call part: it picks the language from the
settings, installs the hooks and translates the tree before Typer parses anything.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import typer.core
from typer import _click
from typer._click.formatting import HelpFormatter
from typer.core import TyperArgument, TyperGroup, TyperOption

from makelaar.flows.cli_help_en import HELP
from makelaar.models.taal import Catalogus, Taal, catalogus, in_taal, taal_van, vertaal

_NEDERLANDS: dict[str, str] = {
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

TYPER: Catalogus = catalogus("typer", {en: {"nl": nl, "en": en} for en, nl in _NEDERLANDS.items()})
"""Typer's own words: the key is Typer's English."""

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
    return vertaal(TYPER, text, taal or _language[0]) if text in TYPER else text


def _normalised(text: str) -> str:
    return " ".join(text.split())


def help_text(text: str | None, taal: Taal) -> str | None:
    """A help text from the code (Dutch) in `taal`; a text without English stays as it is."""
    if text is None or _normalised(text) not in HELP:
        return text
    key = _normalised(text)
    return in_taal(taal, text, vertaal(HELP, key, "en"))  # Dutch: as written, not normalised


def missing_english(texts: Sequence[str]) -> list[str]:
    """The texts among `texts` that the catalogue 'cli_help' has no English for."""
    return [text for text in texts if _normalised(text) not in HELP]


def type_label(label: str, taal: Taal | None = None) -> str:
    """A type label such as `<int>` or `<list[Path]>` in the language of this call."""
    return re.sub(r"[A-Za-z]+(?: range)?", lambda word: library_text(word[0], taal), label)


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
            r"(?P<usage>" + re.escape(vertaal(TYPER, "Usage: ", "nl")) + ")"
        )
    for name, english in _rich_english.items():
        setattr(rich_utils, name, library_text(english))


def _typer_gettext(message: str) -> str:
    return library_text(message)


def install() -> None:
    """Hook the catalogue TYPER into Typer (once per process; the language is chosen per call)."""
    if _installed:
        return
    # typer.core's `from gettext import gettext as _`, answered from TYPER instead.
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

    from makelaar.models.settings import get_settings

    try:
        return get_settings().locale
    except ValidationError:
        return taal_van(os.environ.get("MAKELAAR_LOCALE"))


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
