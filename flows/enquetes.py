"""Reminders for the open survey rounds as a Prefect flow (deployment `enquete-herinneringen`).

The flow is thin: `forms.herinneringen.herinner` decides who is due and sends; the flow runs it
with the settings from the MAKELAAR_* environment and stores the report as a markdown artifact
(counts and reasons only: no addresses, no links).
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact

from makelaar.flows.server import flow_run_api
from makelaar.forms.herinneringen import GeenSmtpServer, Herinneringsrapport, herinner, reden
from makelaar.forms.tijden import lokaal
from makelaar.models.domain import publiek_label
from makelaar.models.markdown import markdown_literal
from makelaar.models.settings import Settings, get_settings
from makelaar.models.store import Store
from makelaar.models.taal import Catalogus, catalogus, vertaal

HERINNERINGSRAPPORT: Catalogus = catalogus(
    "herinneringsrapport",
    {
        "kop": {"nl": "Herinneringen", "en": "Reminders"},
        "geen_ronde": {"nl": "Er is geen enquêteronde open.", "en": "No survey round is open."},
        "ronde": {"nl": "Enquêteronde", "en": "Survey round"},
        "verstuurd": {"nl": "verstuurd", "en": "sent"},
        "niets_verstuurd": {"nl": "niets verstuurd", "en": "nothing sent"},
        "overgeslagen": {"nl": "overgeslagen", "en": "skipped"},
        "mislukt": {"nl": "mislukt", "en": "failed"},
        "uitnodiging": {"nl": "uitnodiging", "en": "invitation"},
        "bestand": {"nl": "bestand", "en": "file"},
    },
)
"""The words of a reminder run's report."""


ARTIFACT_KEY = "enquete-herinneringen"


@flow(name="enquete-herinneringen")
def enquete_herinneringen(
    enquete_ronde: int | None = None,
    contacten: str | None = None,
    uit_map: str | None = None,
) -> Herinneringsrapport:
    """Send reminders to the non-responders of the open survey rounds (or of one round).

    The run fails (GeenSmtpServer) when e-mail reminders were due and MAKELAAR_SMTP_HOST is not
    set; letters and lists are made all the same.

    Args:
        enquete_ronde: the survey round's number; empty means every round whose window is open.
        contacten: the contact list again, needed only for reminder letters (addresses are never
            stored).
        uit_map: where reminder letters and lists go; default enquetes/ in MAKELAAR_OUTPUT_DIR.
    """
    logger = get_run_logger()
    settings = get_settings()
    store = Store.from_settings(settings)
    try:
        store.require_current()
        rapport = herinner(
            store,
            settings,
            enquete_ronde,
            contacten=Path(contacten) if contacten else None,
            uit_map=Path(uit_map) if uit_map else None,
        )
    finally:
        store.dispose()
    logger.info(
        "%s herinnering(en) verstuurd in %s enquêteronde(s), %s mislukt",
        rapport.verstuurd,
        len(rapport.rondes),
        rapport.mislukt,
    )
    create_markdown_artifact(
        herinneringen_markdown(rapport, settings.locale),
        key=ARTIFACT_KEY,
        description="Herinneringen voor de open enquêterondes",
    )
    if rapport.zonder_smtp:
        # e-mail reminders were due and none could go out: a failed run, not a quiet success
        logger.error("%s", GeenSmtpServer(rapport))
        raise GeenSmtpServer(rapport)
    return rapport


def herinneringen_markdown(rapport: Herinneringsrapport, locale: str = "nl") -> str:
    """The run's report: per survey round what went out, what was skipped and why, what failed."""

    def woord(key: str) -> str:
        return vertaal(HERINNERINGSRAPPORT, key, locale)

    lines = [f"# {woord('kop')} {lokaal(rapport.moment)}", ""]
    if not rapport.rondes:
        lines.append(woord("geen_ronde"))
    for ronde in rapport.rondes:
        lines += [
            f"## {woord('ronde')} {ronde.enquete_ronde_id}: "
            f"{_md(ronde.titel)} ({publiek_label(ronde.publiek, locale)}, {ronde.staat.value})",
            "",
        ]
        if ronde.verstuurd:
            for kanaal, aantal in sorted(ronde.verstuurd.items()):
                lines.append(f"- {woord('verstuurd')} ({kanaal}): {aantal}")
        else:
            lines.append(f"- {woord('niets_verstuurd')}")
        for code, aantal in sorted(ronde.overgeslagen.items()):
            lines.append(f"- {woord('overgeslagen')}, {reden(code, locale)}: {aantal}")
        for fout in ronde.mislukt:
            lines.append(
                f"- {woord('mislukt')}: "
                f"{woord('uitnodiging')} {fout.uitnodiging_id}: {_md(fout.fout)}"
            )
        for bestand in ronde.bestanden:
            lines.append(f"- {woord('bestand')}: `{bestand}`")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _md(text: str) -> str:
    """Text from data (a form title, an SMTP server's message) as literal Markdown."""
    return markdown_literal(text)


def run_enquete_herinneringen(
    settings: Settings,
    enquete_ronde: int | None = None,
    *,
    contacten: str | None = None,
    uit_map: str | None = None,
) -> Herinneringsrapport:
    """Run the flow once against the configured Prefect API, or a local server started for it."""
    with flow_run_api(settings):
        return enquete_herinneringen(
            enquete_ronde=enquete_ronde, contacten=contacten, uit_map=uit_map
        )
