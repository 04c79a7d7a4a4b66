"""Which column of a KoboToolbox or ODK Central export holds which question of the form.

Exports name a question by its path under the root, groups joined with `/` (KoboToolbox, and ODK
Central with group paths) or `-` (ODK Central and Briefcase), or by its bare name (both, when
groups are left out of the headers). A select_multiple question has one column with the chosen
names separated by spaces and, optionally, one 0/1 column per choice, `<question>/<choice>`
(both tools use `/` there, whatever the group separator; formpack's `get_value_names`, Central's
`splitSelectMultiples`). KoboToolbox can also write labels instead of names ("Labels" instead of
"XML values and headers"); a label header is accepted only when it belongs to exactly one question
in one of the form's languages.

Metadata columns (times, submitter, device, review state, `_id`, ...) are recognised and never
stored; so are those of makelaar's own export, which therefore reads back (its scores are computed
again). That export names its columns as SPSS accepts them (`<question>_<choice>`, `group_question`:
forms.uitvoer); those names are recognised too. The submission id, an explicitly named respondent
column and a wijk column are picked out.
A column that is neither a question nor known metadata refuses the file: it is probably an export
of another form.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from makelaar.forms.definitie import Formulier, Groep, Teksten, Vraag, VraagType
from makelaar.intake.tabular import Value
from makelaar.models.errors import ImportFileError

__all__ = [
    "AFGEKEURD",
    "Keuzekolom",
    "Kolomindeling",
    "Vraagkolom",
    "cel_tekst",
    "deel_in",
    "keuze_uit_label",
    "normaliseer_instance_id",
]

#: submission-id columns, best first: Central's KEY and Kobo's rootUuid survive edits
SLEUTELKOLOMMEN = (
    "key",
    "meta/rootuuid",
    "meta/instanceid",
    "meta-instanceid",
    "instanceid",
    "instance_id",  # makelaar's own export (forms.uitvoer)
    "_uuid",
)
#: submission-time columns (used as time of receipt in identified rounds only)
TIJDKOLOMMEN = ("_submission_time", "submissiondate", "ontvangen_op")
#: form-version columns (ODK Central writes the XLSForm version)
VERSIEKOLOMMEN = ("formversion",)
#: review columns: Central's ReviewState, Kobo's validation status
BEOORDELINGSKOLOMMEN = ("reviewstate", "_validation_status")
#: review values of a submission the project rejected: not imported
AFGEKEURD = frozenset({"rejected", "validation_status_not_approved"})
#: metadata columns of ODK Central, Briefcase and XLSForm's metadata question types
META_NAMEN = frozenset(
    {
        "submissiondate",
        "key",
        "submitterid",
        "submittername",
        "attachmentspresent",
        "attachmentsexpected",
        "status",
        "reviewstate",
        "deviceid",
        "edits",
        "formversion",
        "instanceid",
        "instancename",
        "start",
        "end",
        "today",
        "username",
        "email",
        "simserial",
        "subscriberid",
        "phonenumber",
        "audit",
        # makelaar's own export (forms.uitvoer): its metadata columns
        "respons",
        "instance_id",
        "taal",
        "bron",
        "ontvangen_op",
    }
)
#: metadata by prefix: Kobo's `_id`, `_uuid`, `_submitted_by`, ...; `meta/…`, `formhub/…`
META_PREFIXES = ("_", "meta/", "meta-", "formhub/", "formhub-", "score_")
STANDAARD_RESPONDENTKOLOM = "respondent"
STANDAARD_WIJKKOLOM = "wijk_code"
_UUID = re.compile(
    r"(?:uuid:)?([0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{12})"
)
_SPACES = re.compile(r"\s+")
XML_HINT = (
    "exporteer in KoboToolbox met 'XML-waarden en kopteksten' (XML values and headers) of in "
    "ODK Central als CSV, zodat de kopregel de namen van de vragen bevat"
)
XML_HINT_EN = (
    "export from KoboToolbox with 'XML values and headers', or from ODK Central as CSV, so the "
    "header holds the questions' names"
)


@dataclass(frozen=True)
class Vraagkolom:
    """The column that holds a question's answer (for select_multiple: the names, space-separated)."""

    index: int
    header: str
    vraag: Vraag


@dataclass(frozen=True)
class Keuzekolom:
    """A select_multiple's 0/1 column for one choice."""

    index: int
    header: str
    vraag: Vraag
    keuze: str


@dataclass
class Kolomindeling:
    """The roles of a file's columns; every column not listed here is metadata that is dropped."""

    vragen: list[Vraagkolom] = field(default_factory=list)
    keuzes: dict[str, list[Keuzekolom]] = field(default_factory=dict)  # per question name
    sleutel: tuple[int, str] | None = None  # the submission id column (index, header)
    tijd: tuple[int, str] | None = None
    versie: tuple[int, str] | None = None
    beoordeling: tuple[int, str] | None = None
    respondent: tuple[int, str] | None = None
    wijk: tuple[int, str] | None = None
    weggelaten: list[str] = field(default_factory=list)  # metadata headers, never stored
    labels: bool = False  # some headers were matched by label

    def kolom_van(self, vraag: str) -> str:
        """The header the file uses for a question (its name when the file has no column)."""
        for kolom in self.vragen:
            if kolom.vraag.name == vraag:
                return kolom.header
        keuzes = self.keuzes.get(vraag)
        return keuzes[0].header if keuzes else vraag


def normaliseer_instance_id(value: str) -> str:
    """A submission id in one spelling: `uuid:<uuid>` for UUIDs (Kobo's `_uuid` has no prefix)."""
    text = value.strip()
    match = _UUID.fullmatch(text)
    if match:
        return f"uuid:{match.group(1).lower()}"
    return text


def cel_tekst(cell: Value) -> str | None:
    """A cell as the text an XForm value would be; None for a blank cell.

    XLSX numbers come as floats (5.0 is "5"), dates as dates (ISO, as XForms write them).
    """
    if cell is None:
        return None
    if isinstance(cell, list):
        return " ".join(cell) or None
    if isinstance(cell, bool):
        return "1" if cell else "0"
    if isinstance(cell, float):
        return str(int(cell)) if cell.is_integer() else repr(cell)
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date | dt.time):
        return cell.isoformat()
    text = str(cell).strip()
    return text or None


def _vouw(text: str) -> str:
    return _SPACES.sub(" ", text).strip().casefold()


def _relatief(form: Formulier, vraag: Vraag) -> str:
    prefix = f"/{form.root}/"
    return vraag.path[len(prefix) :] if vraag.path.startswith(prefix) else vraag.name


def _velden(form: Formulier) -> list[Vraag]:
    """The questions an export has a column for (notes hold no value)."""
    return [v for v in form.vragen() if v.type is not VraagType.NOTE]


def _spellingen(form: Formulier) -> dict[str, set[str]]:
    """Every way an export may name a question (folded) → the question names it may mean."""
    index: dict[str, set[str]] = {}
    for vraag in _velden(form):
        relatief = _relatief(form, vraag)
        for spelling in {relatief, relatief.replace("/", "-"), vraag.name}:
            index.setdefault(spelling.casefold(), set()).add(vraag.name)
    return index


def _labelpaden(form: Formulier) -> dict[str, set[str]]:
    """Label headers (folded, per language, with and without group labels) → question names."""
    index: dict[str, set[str]] = {}

    def add(label: str, name: str) -> None:
        if label.strip():
            index.setdefault(_vouw(label), set()).add(name)

    def walk(items: Sequence[Vraag | Groep], groepen: list[Teksten]) -> None:
        for item in items:
            if isinstance(item, Groep):
                walk(item.children, [*groepen, item.label])
                continue
            if item.type is VraagType.NOTE:
                continue
            for taal, label in item.label.items():
                add(label, item.name)
                paden = [g.get(taal) or "" for g in groepen]
                if groepen and all(paden):
                    add("/".join([*paden, label]), item.name)

    walk(form.children, [])
    return index


def _is_meta(folded: str) -> bool:
    return folded in META_NAMEN or folded.startswith(META_PREFIXES) or folded == "__version__"


def _keuze_op_label(form: Formulier, vraag: Vraag, label: str) -> str | None:
    gevonden = {k.name for k in form.keuzes(vraag) for t in k.label.values() if _vouw(t) == label}
    return next(iter(gevonden)) if len(gevonden) == 1 else None


@dataclass
class _Indeler:
    form: Formulier
    file: str
    sheet: str | None
    row: int
    respondentkolom: str | None
    wijkkolom: str | None
    indeling: Kolomindeling = field(default_factory=Kolomindeling)
    _spellingen: dict[str, set[str]] = field(init=False)
    _labels: dict[str, set[str]] = field(init=False)
    _bezet: dict[str, str] = field(default_factory=dict)  # question or question/choice → header
    _onbekend: list[str] = field(default_factory=list)
    _meta_of_label: list[tuple[str, str]] = field(default_factory=list)  # (header, question)
    #: the names makelaar's own export gives (folded) → (question, choice or None)
    _eigen: dict[str, tuple[str, str | None]] = field(init=False)

    def __post_init__(self) -> None:
        from makelaar.forms.uitvoer import kolommen

        self._spellingen = _spellingen(self.form)
        self._labels = _labelpaden(self.form)
        self._eigen = {
            k.naam.casefold(): (k.vraag, k.keuze)
            for k in kolommen(self.form, anoniem=False)
            if k.vraag is not None
        }

    def fout(self, nl: str, en: str, column: str | None = None) -> ImportFileError:
        return ImportFileError(
            nl,
            en,
            file=self.file,
            sheet=self.sheet,
            row=self.row,
            column=column,
            value=column,
        )

    def vraag_bij(self, spelling: str, header: str) -> Vraag | None:
        namen = self._spellingen.get(spelling.casefold())
        if not namen:
            return None
        if len(namen) > 1:
            raise self.fout(
                f"de kolom {header!r} past bij meer dan één vraag ({', '.join(sorted(namen))}); "
                "exporteer met groepsnamen in de kopteksten (bijvoorbeeld 'groep/vraag').",
                f"column {header!r} fits more than one question ({', '.join(sorted(namen))}); "
                "export with group names in the headers (for example 'group/question').",
                header,
            )
        return self.form.vraag(next(iter(namen)))

    def bezet(self, sleutel: str, header: str) -> None:
        if sleutel in self._bezet:
            raise self.fout(
                f"de kolommen {self._bezet[sleutel]!r} en {header!r} zijn allebei de vraag "
                f"{sleutel!r}; verwacht één kolom per vraag.",
                f"columns {self._bezet[sleutel]!r} and {header!r} are both question "
                f"{sleutel!r}; expected one column per question.",
                header,
            )
        self._bezet[sleutel] = header

    def kolom(self, index: int, header: str) -> None:
        folded = header.strip().casefold()
        if not folded:
            return
        if self.respondentkolom is not None and folded == self.respondentkolom.casefold():
            self.indeling.respondent = (index, header)
        if self.wijkkolom is not None and folded == self.wijkkolom.casefold():
            self.indeling.wijk = (index, header)
        vraag = self.vraag_bij(header, header)
        if vraag is not None:
            self.bezet(vraag.name, header)
            self.indeling.vragen.append(Vraagkolom(index, header, vraag))
            return
        if self.keuzekolom(index, header) or self.eigen_kolom(index, header, folded):
            return
        if (index, header) in (self.indeling.respondent, self.indeling.wijk):
            return
        if _is_meta(folded):
            self.meta(index, header, folded)
            for naam in self._labels.get(_vouw(header), ()):
                self._meta_of_label.append((header, naam))
            return
        if self.labelkolom(index, header):
            return
        self._onbekend.append(header)

    def keuzekolom(self, index: int, header: str) -> bool:
        if "/" not in header:
            return False
        basis, _, keuze = header.rpartition("/")
        vraag = self.vraag_bij(basis, header)
        if vraag is None or vraag.type is not VraagType.SELECT_MULTIPLE:
            return False
        namen = {k.name for k in self.form.keuzes(vraag)}
        if keuze not in namen:
            raise self.fout(
                f"de kolom {header!r} hoort bij de vraag {vraag.name!r}, maar {keuze!r} is geen "
                f"keuze daarvan; geldige keuzes zijn {', '.join(sorted(namen))}.",
                f"column {header!r} belongs to question {vraag.name!r}, but {keuze!r} is not "
                f"one of its choices; valid choices are {', '.join(sorted(namen))}.",
                header,
            )
        self.bezet(f"{vraag.name}/{keuze}", header)
        self.indeling.keuzes.setdefault(vraag.name, []).append(
            Keuzekolom(index, header, vraag, keuze)
        )
        return True

    def eigen_kolom(self, index: int, header: str, folded: str) -> bool:
        """A column of makelaar's own export under the name it gives (`signalen_schuld`)."""
        if folded not in self._eigen:
            return False
        naam, keuze = self._eigen[folded]
        vraag = self.form.vraag(naam)
        if keuze is None:
            self.bezet(vraag.name, header)
            self.indeling.vragen.append(Vraagkolom(index, header, vraag))
            return True
        self.bezet(f"{vraag.name}/{keuze}", header)
        self.indeling.keuzes.setdefault(vraag.name, []).append(
            Keuzekolom(index, header, vraag, keuze)
        )
        return True

    def meta(self, index: int, header: str, folded: str) -> None:
        self.indeling.weggelaten.append(header)
        if folded in SLEUTELKOLOMMEN:
            huidige = self.indeling.sleutel
            rang = SLEUTELKOLOMMEN.index(folded)
            if huidige is None or rang < SLEUTELKOLOMMEN.index(huidige[1].casefold()):
                self.indeling.sleutel = (index, header)
        elif folded in TIJDKOLOMMEN and self.indeling.tijd is None:
            self.indeling.tijd = (index, header)
        elif folded in VERSIEKOLOMMEN:
            self.indeling.versie = (index, header)
        elif folded in BEOORDELINGSKOLOMMEN:
            self.indeling.beoordeling = (index, header)

    def labelkolom(self, index: int, header: str) -> bool:
        folded = _vouw(header)
        namen = self._labels.get(folded)
        if namen:
            if len(namen) > 1:
                raise self.fout(
                    f"de kolom {header!r} is het label van meer dan één vraag "
                    f"({', '.join(sorted(namen))}); {XML_HINT}.",
                    f"column {header!r} is the label of more than one question "
                    f"({', '.join(sorted(namen))}); {XML_HINT_EN}.",
                    header,
                )
            vraag = self.form.vraag(next(iter(namen)))
            self.bezet(vraag.name, header)
            self.indeling.vragen.append(Vraagkolom(index, header, vraag))
            self.indeling.labels = True
            return True
        if "/" not in folded:
            return False
        basis, _, keuzelabel = folded.rpartition("/")
        namen = self._labels.get(basis.strip())
        if not namen or len(namen) > 1:
            return False
        vraag = self.form.vraag(next(iter(namen)))
        if vraag.type is not VraagType.SELECT_MULTIPLE:
            return False
        keuze = _keuze_op_label(self.form, vraag, keuzelabel.strip())
        if keuze is None:
            return False
        self.bezet(f"{vraag.name}/{keuze}", header)
        self.indeling.keuzes.setdefault(vraag.name, []).append(
            Keuzekolom(index, header, vraag, keuze)
        )
        self.indeling.labels = True
        return True

    def klaar(self) -> Kolomindeling:
        for header, naam in self._meta_of_label:
            if naam not in self._bezet:  # a label export: the column may be that question
                raise self.fout(
                    f"de kolom {header!r} is een bekende naam voor metagegevens, maar ook het "
                    f"label van de vraag {naam!r}, die verder geen kolom heeft; {XML_HINT}.",
                    f"column {header!r} is a known metadata name, but also the label of "
                    f"question {naam!r}, which has no other column; {XML_HINT_EN}.",
                    header,
                )
        if self._onbekend:
            shown = ", ".join(repr(h) for h in self._onbekend[:10])
            more = f" (en nog {len(self._onbekend) - 10})" if len(self._onbekend) > 10 else ""
            verwacht = ", ".join(_relatief(self.form, v) for v in _velden(self.form)[:12])
            more_en = f" (and {len(self._onbekend) - 10} more)" if len(self._onbekend) > 10 else ""
            raise self.fout(
                f"de kolom(men) {shown}{more} horen niet bij formulier {self.form.form_id!r} "
                f"(versie {self.form.versie}) en zijn ook geen bekende metagegevens van "
                f"KoboToolbox of ODK; verwacht de vragen van het formulier ({verwacht}, ...). "
                f"Is dit een export van een ander formulier? Anders: {XML_HINT}.",
                f"column(s) {shown}{more_en} do not belong to form {self.form.form_id!r} "
                f"(version {self.form.versie}) and are no known KoboToolbox or ODK metadata; "
                f"expected the form's questions ({verwacht}, ...). Is this an export of "
                f"another form? Otherwise: {XML_HINT_EN}.",
                self._onbekend[0],
            )
        if not self.indeling.vragen and not self.indeling.keuzes:
            raise self.fout(
                f"geen enkele kolom is een vraag van formulier {self.form.form_id!r}; {XML_HINT}.",
                f"no column is a question of form {self.form.form_id!r}; {XML_HINT_EN}.",
            )
        return self.indeling


def deel_in(
    form: Formulier,
    header: Iterable[str],
    *,
    file: str,
    sheet: str | None = None,
    row: int = 1,
    respondentkolom: str | None = STANDAARD_RESPONDENTKOLOM,
    wijkkolom: str | None = STANDAARD_WIJKKOLOM,
) -> Kolomindeling:
    """The roles of the header's columns; ImportFileError (in Dutch and English) for an unknown
    or ambiguous column."""
    indeler = _Indeler(form, file, sheet, row, respondentkolom, wijkkolom)
    for index, name in enumerate(header):
        indeler.kolom(index, name)
    return indeler.klaar()


def keuze_uit_label(form: Formulier, vraag: Vraag, waarde: str) -> str | None:
    """The choice whose label (in any of the form's languages) is `waarde`, when exactly one is."""
    return _keuze_op_label(form, vraag, _vouw(waarde))
