"""What `make stack` (flows.stack) says, in Dutch (default) and English (catalogue 'stack')."""

from __future__ import annotations

from makelaar.models.taal import Catalogus, catalogus

TEKSTEN: Catalogus = catalogus(
    "stack",
    {
        "postgres_weg": {
            "nl": "PostgreSQL op {adres} antwoordt niet ({fout}); start PostgreSQL of geef een "
            "andere server met --postgres postgresql://GEBRUIKER@HOST:POORT/postgres.",
            "en": "PostgreSQL at {adres} does not answer ({fout}); start PostgreSQL or name another "
            "server with --postgres postgresql://USER@HOST:PORT/postgres.",
        },
        "geen_postgres": {
            "nl": "--postgres moet een PostgreSQL-adres zijn, zoals {voorbeeld}; gegeven: {waarde}.",
            "en": "--postgres must be a PostgreSQL address such as {voorbeeld}; given: {waarde}.",
        },
        "poort_bezet": {
            "nl": "Poort {poort} op {host} is al in gebruik ({wat}); stop wat daar luistert of kies "
            "een andere met {optie}.",
            "en": "Port {poort} on {host} is already in use ({wat}); stop what listens there or "
            "choose another with {optie}.",
        },
        "databank": {
            "nl": "Databank {naam} op {adres}: {stand}.",
            "en": "Database {naam} at {adres}: {stand}.",
        },
        "aangemaakt": {"nl": "aangemaakt", "en": "created"},
        "bestond": {"nl": "bestond al", "en": "already there"},
        "start": {"nl": "{wat}: starten…", "en": "{wat}: starting…"},
        "gezond": {
            "nl": "{wat}: gezond na {seconden:.1f} s.",
            "en": "{wat}: healthy after {seconden:.1f} s.",
        },
        "niet_gezond": {
            "nl": "{wat}: niet gezond binnen {seconden:.0f} s; het einde van {log}:\n{staart}",
            "en": "{wat}: not healthy within {seconden:.0f} s; the end of {log}:\n{staart}",
        },
        "gestorven": {
            "nl": "{wat}: zelf gestopt (code {code}); de rest wordt gestopt. Het einde van {log}:\n"
            "{staart}",
            "en": "{wat}: stopped by itself (code {code}); stopping the rest. The end of {log}:\n"
            "{staart}",
        },
        "klaar": {
            "nl": "De stack draait:\n"
            "  Prefect (UI en API)   {prefect}\n"
            "  werkpool              {pool} (procesworker, {werker})\n"
            "  antwoordpagina's      {forms}\n"
            "  databank makelaar     {makelaar_db}\n"
            "  logs                  {map}\n"
            "Gebruik hem met: export PREFECT_API_URL={api} MAKELAAR_DATABASE_URL={makelaar_url}\n"
            "Stop met Ctrl-C.",
            "en": "The stack is running:\n"
            "  Prefect (UI and API)  {prefect}\n"
            "  work pool             {pool} (process worker, {werker})\n"
            "  answering pages       {forms}\n"
            "  makelaar database     {makelaar_db}\n"
            "  logs                  {map}\n"
            "Use it with: export PREFECT_API_URL={api} MAKELAAR_DATABASE_URL={makelaar_url}\n"
            "Stop with Ctrl-C.",
        },
        "stoppen": {"nl": "Stoppen…", "en": "Stopping…"},
        "gestopt": {"nl": "Gestopt: {wat}.", "en": "Stopped: {wat}."},
        "server": {"nl": "Prefect-server", "en": "Prefect server"},
        "werker": {"nl": "Worker", "en": "Worker"},
        "forms": {"nl": "Antwoordpagina's", "en": "Answering pages"},
    },
)
