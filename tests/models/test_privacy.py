"""Keyed pseudonyms, the pseudonym key, and the free-text screener (RELIABILITY.md §7)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from pydantic import ValidationError

from makelaar.models.errors import ConfigurationError
from makelaar.models.privacy import (
    NoPersonError,
    Pseudonymiser,
    Screened,
    Screener,
    load_key,
    normalise_name,
)
from makelaar.models.settings import Settings

KEY = bytes(range(32))
OTHER_KEY = bytes(range(1, 33))
HEX64 = re.compile(r"[0-9a-f]{64}")


def key_settings(tmp_path: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"data_dir": tmp_path / "data", "pseudonym_key": None}
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


# --- pseudonyms -------------------------------------------------------------------------------


def test_a_pseudonym_is_64_hex_and_the_same_for_the_same_key() -> None:
    first = Pseudonymiser(KEY).pseudonym("persoon", "Jan de Vries")
    again = Pseudonymiser(bytes(KEY)).pseudonym("persoon", "Jan de Vries")
    assert HEX64.fullmatch(first)
    assert first == again


def test_a_pseudonym_differs_across_keys_kinds_and_names() -> None:
    pseudonymiser = Pseudonymiser(KEY)
    persoon = pseudonymiser.pseudonym("persoon", "Jan de Vries")
    assert Pseudonymiser(OTHER_KEY).pseudonym("persoon", "Jan de Vries") != persoon
    assert pseudonymiser.pseudonym("huishouden", "Jan de Vries") != persoon
    assert pseudonymiser.pseudonym("makelaar", "Jan de Vries") != persoon
    assert pseudonymiser.pseudonym("persoon", "Jan de Vries-Bakker") != persoon
    assert pseudonymiser.pseudonym("persoon", "Jan Vries") != persoon


def test_spacing_case_and_accents_do_not_change_a_pseudonym() -> None:
    pseudonymiser = Pseudonymiser(KEY)
    writings = ["Jan de Vries", "  Jan  de Vries ", "jan de vries", "JAN DE VRIES", "Jan de Vriës"]
    assert len({pseudonymiser.pseudonym("persoon", writing) for writing in writings}) == 1
    assert pseudonymiser.pseudonym("persoon", "Özdemir") == pseudonymiser.pseudonym(
        "persoon", "Ozdemir"
    )


def test_an_empty_value_or_a_bad_kind_gets_no_pseudonym() -> None:
    pseudonymiser = Pseudonymiser(KEY)
    with pytest.raises(NoPersonError, match="'  ' noemt niemand en krijgt geen pseudoniem"):
        pseudonymiser.pseudonym("persoon", "  ")
    with pytest.raises(NoPersonError, match="Een lege waarde krijgt geen pseudoniem"):
        pseudonymiser.pseudonym("contact-adres", " . ")
    with pytest.raises(ValueError, match="soort"):
        pseudonymiser.pseudonym("", "Jan")
    with pytest.raises(ValueError, match="te kort"):
        Pseudonymiser(b"short")


def test_normalise_name() -> None:
    assert normalise_name("  Fatma   Özdemir ") == "fatma ozdemir"
    assert normalise_name("O’Brien") == "o'brien"
    assert normalise_name("Jansen-de Boer") == "jansen-de boer"
    assert normalise_name("Vries, J. de") == "vries j de"
    assert normalise_name("Straße") == "strasse"


def test_labels_are_a_prefix_and_the_first_8_hex_of_the_pseudonym() -> None:
    pseudonymiser = Pseudonymiser(KEY)
    label = pseudonymiser.label("huishouden", "Kanaalstraat 12")
    assert re.fullmatch(r"HH-[0-9a-f]{8}", label)
    assert label[3:] == pseudonymiser.pseudonym("huishouden", "Kanaalstraat 12")[:8]
    assert pseudonymiser.label("persoon", "Jan").startswith("P-")
    assert pseudonymiser.label("makelaar", "Sanne").startswith("MK-")
    with pytest.raises(ValueError, match="geen label"):
        pseudonymiser.label("naamdeel", "Jan")


def test_name_token_hashes_leave_out_tussenvoegsels_titles_and_short_parts() -> None:
    pseudonymiser = Pseudonymiser(KEY)
    hashes = pseudonymiser.name_token_hashes("dhr. Jan van der Vries")
    assert hashes == pseudonymiser.name_token_hashes("Jan Vries")
    assert len(hashes) == 2
    assert all(HEX64.fullmatch(value) for value in hashes)
    assert pseudonymiser.name_token_hashes("mevr. A. de Bo") == set()
    # hashed in their own domain: a name part is not a person's pseudonym
    assert pseudonymiser.pseudonym("persoon", "Jan") not in pseudonymiser.name_token_hashes("Jan")
    assert Pseudonymiser(OTHER_KEY).name_token_hashes("Jan Vries").isdisjoint(hashes)


def test_nothing_shows_the_key_or_the_names() -> None:
    pseudonymiser = Pseudonymiser(KEY)
    screener = Screener(pseudonymiser, known_names=["Fatma Özdemir"])
    assert KEY.hex() not in repr(pseudonymiser)
    assert "fatma" not in repr(screener).lower()


# --- the key ----------------------------------------------------------------------------------


def test_the_key_file_defaults_to_the_data_directory(tmp_path: Path) -> None:
    settings = key_settings(tmp_path)
    assert settings.resolved_pseudonym_key_file == tmp_path / "data" / "pseudoniem.sleutel"
    elsewhere = key_settings(tmp_path, pseudonym_key_file=tmp_path / "geheim" / "sleutel")
    assert elsewhere.resolved_pseudonym_key_file == tmp_path / "geheim" / "sleutel"


def test_a_missing_key_file_is_created_private_with_64_hex(tmp_path: Path) -> None:
    settings = key_settings(tmp_path, pseudonym_key_file=tmp_path / "a" / "b" / "sleutel")
    key, path, created = load_key(settings)
    assert path == tmp_path / "a" / "b" / "sleutel"
    assert created
    assert len(key) == 32
    content = path.read_text()
    assert re.fullmatch(r"[0-9a-f]{64}\n", content)
    assert bytes.fromhex(content) == key
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert [p.name for p in path.parent.iterdir()] == ["sleutel"]  # no temporary left behind

    again, again_path, created_again = load_key(settings)
    assert (again, again_path, created_again) == (key, path, False)


def test_the_environment_key_wins_over_the_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    file_key, _, _ = load_key(key_settings(tmp_path))
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", "ab" * 32)
    monkeypatch.setenv("MAKELAAR_DATA_DIR", str(tmp_path / "data"))
    key, path, created = load_key(Settings())
    assert (key, path, created) == (bytes.fromhex("ab" * 32), None, False)
    assert key != file_key

    text_key = "een zin van minstens tweeëndertig tekens lang"
    key, path, _ = load_key(key_settings(tmp_path, pseudonym_key=text_key))
    assert key == text_key.encode()
    assert path is None


def test_the_key_file_content_works_as_the_environment_key(tmp_path: Path) -> None:
    key, path, _ = load_key(key_settings(tmp_path))
    assert path is not None
    from_env, _, _ = load_key(key_settings(tmp_path, pseudonym_key=path.read_text()))
    assert from_env == key


def test_a_short_environment_key_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MAKELAAR_PSEUDONYM_KEY", "x" * 31)
    message = re.escape(
        "MAKELAAR_PSEUDONYM_KEY is te kort (31 tekens); gebruik minstens 32 tekens, bijvoorbeeld "
        "de uitvoer van `python -c 'import secrets; print(secrets.token_hex(32))'`"
    )
    with pytest.raises(ValidationError, match=message):
        Settings()
    with pytest.raises(ValidationError, match=r"te kort \(5 tekens\)"):
        Settings(pseudonym_key="kort!")


def test_a_missing_key_file_is_not_created_when_asked_not_to(tmp_path: Path) -> None:
    settings = key_settings(tmp_path)
    path = settings.resolved_pseudonym_key_file
    with pytest.raises(ConfigurationError, match=re.escape(str(path))) as caught:
        load_key(settings, create=False)
    assert "chmod 600" in str(caught.value)
    assert "MAKELAAR_PSEUDONYM_KEY" in str(caught.value)
    assert not path.exists()


def _write_key_file(path: Path, content: bytes, mode: int = 0o600) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    path.chmod(mode)


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is leeg"),
        (b"\n  \n", "is leeg"),
        (b"geen hex maar tekst die lang genoeg is om een sleutel te zijn, echt waar\n", "geen hex"),
        (b"abc\n", "geen hex"),  # odd length
        (b"\xff\xfe\x00\x01" * 16, "geen hex"),
        (b"ab" * 16 + b"\n", "te kort"),
    ],
)
def test_a_bad_key_file_is_refused_naming_the_file(
    tmp_path: Path, content: bytes, problem: str
) -> None:
    settings = key_settings(tmp_path)
    path = settings.resolved_pseudonym_key_file
    _write_key_file(path, content)
    with pytest.raises(ConfigurationError, match=re.escape(str(path))) as caught:
        load_key(settings)
    message = str(caught.value)
    assert problem in message
    assert "64 hexadecimale tekens" in message
    assert path.read_bytes() == content  # left as it was


def test_a_key_file_others_can_read_is_refused(tmp_path: Path) -> None:
    settings = key_settings(tmp_path)
    path = settings.resolved_pseudonym_key_file
    _write_key_file(path, b"ab" * 32 + b"\n", mode=0o644)
    with pytest.raises(ConfigurationError, match=re.escape(f"`chmod 600 {path}`")) as caught:
        load_key(settings)
    assert "0644" in str(caught.value)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644  # not silently changed
    path.chmod(0o600)
    assert load_key(settings)[0] == bytes.fromhex("ab" * 32)


def test_an_unreadable_key_file_is_refused(tmp_path: Path) -> None:
    settings = key_settings(tmp_path)
    path = settings.resolved_pseudonym_key_file
    path.mkdir(parents=True)  # a directory where the file should be
    with pytest.raises(ConfigurationError, match=re.escape(f"{path} ")) as caught:
        load_key(settings)
    assert "kan niet gelezen worden" in str(caught.value)


def test_concurrent_threads_end_with_one_key(tmp_path: Path) -> None:
    settings = key_settings(tmp_path)
    barrier = threading.Barrier(12)
    results: list[tuple[bytes, bool]] = []
    lock = threading.Lock()

    def start() -> None:
        barrier.wait()
        key, _, created = load_key(settings)
        with lock:
            results.append((key, created))

    threads = [threading.Thread(target=start) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    keys = {key for key, _ in results}
    assert len(results) == 12
    assert keys == {bytes.fromhex(settings.resolved_pseudonym_key_file.read_text())}
    assert sum(created for _, created in results) == 1


CREATE_KEY = """
import sys, time
from pathlib import Path
from makelaar.models.privacy import load_key
from makelaar.models.settings import Settings
start, result = Path(sys.argv[1]), Path(sys.argv[2])
while not start.exists():
    time.sleep(0.001)
key, _, created = load_key(Settings(data_dir=Path(sys.argv[3])))
result.write_text(f"{key.hex()} {int(created)}")
"""


def test_concurrent_processes_end_with_one_key(tmp_path: Path) -> None:
    """Eight separate processes create the key at once: all end with the one written key."""
    settings = key_settings(tmp_path)
    start = tmp_path / "start"
    results = [tmp_path / f"child-{number}" for number in range(8)]
    root = Path(__file__).resolve().parents[2]
    children = [
        subprocess.Popen(
            [sys.executable, "-c", CREATE_KEY, str(start), str(result), str(settings.data_dir)],
            cwd=root,
            env={
                **{k: v for k, v in os.environ.items() if not k.startswith("MAKELAAR_")},
                "PYTHONPATH": str(root),
            },
            stderr=subprocess.PIPE,
        )
        for result in results
    ]
    time.sleep(0.5)  # let every child reach its wait: they then start together
    start.touch()
    errors = [child.communicate(timeout=60)[1] for child in children]
    assert [child.returncode for child in children] == [0] * 8, errors
    outcomes = [result.read_text().split() for result in results]
    assert {key for key, _ in outcomes} == {
        settings.resolved_pseudonym_key_file.read_text().strip()
    }
    assert sum(int(created) for _, created in outcomes) == 1
    leftovers = sorted(p.name for p in settings.resolved_pseudonym_key_file.parent.iterdir())
    assert leftovers == ["pseudoniem.sleutel"]


# --- the screener: patterns -------------------------------------------------------------------


@pytest.fixture
def screener() -> Screener:
    return Screener(Pseudonymiser(KEY))


PHONE_NUMBERS = [
    "0612345678",
    "06-12345678",
    "06 1234 5678",
    "06-1234 5678",
    "06 - 12345678",
    "06-12-34-56-78",
    "+31 6 12345678",
    "+31612345678",
    "+31(0)6-12345678",
    "+31 (0)6 1234 5678",
    "0031612345678",
    "0031 6 12345678",
    "+31 30 123 45 67",
    "030-1234567",
    "030 123 45 67",
    "(030) 1234567",
    "(06) 12345678",
    "020-123 4567",
    "0341-123456",
    "0800-1234",
    "0900-1234567",
    "+32 470 12 34 56",
]


@pytest.mark.parametrize("number", PHONE_NUMBERS)
def test_phone_numbers_are_masked(screener: Screener, number: str) -> None:
    screened = screener.screen(f"Gebeld naar {number}, geen gehoor.")
    assert screened.text == "Gebeld naar [telefoonnummer], geen gehoor."
    assert screened.hits == {"telefoon": 1}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Woont in 3521 AB Utrecht", "Woont in [postcode] Utrecht"),
        ("Woont in 3521AB", "Woont in [postcode]"),
        ("postcode 3521ab.", "postcode [postcode]."),
        ("mail naar jan.de-vries+buurt@example.co.nl vandaag", "mail naar [e-mailadres] vandaag"),
        ("M.Jansen@gemeente.utrecht.nl.", "[e-mailadres]."),
        ("IBAN NL91ABNA0417164300 doorgegeven", "IBAN [rekeningnummer] doorgegeven"),
        ("IBAN NL91 ABNA 0417 1643 00 doorgegeven", "IBAN [rekeningnummer] doorgegeven"),
        ("rekening nl91abna0417164300", "rekening [rekeningnummer]"),
        ("Woont op Kanaalstraat 12.", "Woont op [adres]."),
        ("Amsterdamsestraatweg 301bis, 3551 CE", "[adres], [postcode]"),
        ("Oudegracht 12-2 boven", "[adres] boven"),
        ("Oude Gracht 45 A en verder", "Oude [adres] en verder"),
        ("kanaalstraat 7a", "[adres]"),
        ("Vleutenseweg 120 hs", "[adres]"),
        ("Lange Nieuwstraat nr. 4", "Lange [adres]"),
    ],
)
def test_postcodes_email_iban_and_addresses_are_masked(
    screener: Screener, text: str, expected: str
) -> None:
    assert screener.screen(text).text == expected


NOT_PERSONAL = [
    "Gesprek in 2024 en 2025 gevoerd.",
    "2024 en verder",
    "Afspraak op 12-03-2024 om 10:30.",
    "Afspraak op 06-03-2024 10 uur.",
    "Afspraak op 06-03-24 om 10 uur.",
    "Afspraak 1-3-2024, 14.00 uur",
    "Subsidie van € 1.234,50 en 0,50 per deelnemer.",
    "Bedrag 12345678 is geen telefoonnummer",
    "Er kwamen 12 bewoners, 3 kinderen en 140 mensen.",
    "1500km gefietst en 250kg afval opgehaald",
    "Overvecht, Kanaleneiland en Utrecht doen mee.",
    "Tweede vergadering 12 mei, arbeidsmarkt 2024.",
    "We gaan de weg 2 keer af.",
    "Week 12, ronde 3, score 4,5 op 10.",
    "zie artikel 5.2 en bijlage 3",
    "",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_dates_years_amounts_times_and_places_are_left_alone(screener: Screener, text: str) -> None:
    assert screener.screen(text) == Screened(text, {})


def test_nothing_in_nothing_out(screener: Screener) -> None:
    assert screener.screen(None) == Screened("", {})
    assert screener.screen("") == Screened("", {})


# --- the screener: names ----------------------------------------------------------------------


def test_known_clear_names_are_masked_in_any_case(screener: Screener) -> None:
    screener.add_names(["Fatma Özdemir", "dhr. Kees Brouwer"])
    screened = screener.screen("fatma ozdemir belde; Brouwer niet. Kees's fiets, Fatmas broer.")
    assert screened.text == "[naam] belde; [naam] niet. [naam]'s fiets, [naam] broer."
    assert screened.hits == {"naam": 4}


def test_names_from_stored_hashes_alone_are_masked_with_the_same_key_only() -> None:
    # a surname alone: no title and no given name before it, so only the stored hashes know it
    stored = Pseudonymiser(KEY).name_token_hashes("Jan Brouwer")
    note = "Gesprek met Brouwer over de speeltuin."
    same_key = Screener(Pseudonymiser(bytes(KEY)), known_name_hashes=stored)
    assert same_key.screen(note) == Screened("Gesprek met [naam] over de speeltuin.", {"naam": 1})
    other_key = Screener(Pseudonymiser(OTHER_KEY), known_name_hashes=stored)
    assert other_key.screen(note) == Screened(note, {})


def test_a_multi_word_name_is_masked_once(screener: Screener) -> None:
    screener.add_names(["Jan de Vries", "Piet van der Berg", "Anna Jansen-de Boer"])
    cases = {
        "Jan de Vries kwam": "[naam] kwam",
        "jan de vries kwam": "[naam] kwam",
        "Piet van der Berg en Jan": "[naam] en [naam]",
        "Piet v.d. Berg": "[naam]",
        "Anna Jansen-de Boer": "[naam]",
        "Jan, Piet": "[naam], [naam]",
        "mevrouw de Vries": "mevrouw [naam]",  # after a title the particle is masked too
    }
    for text, expected in cases.items():
        assert screener.screen(text).text == expected, text
    assert screener.screen("Piet van der Berg en Jan").hits == {"naam": 2}


def test_tussenvoegsels_and_titles_alone_are_not_names(screener: Screener) -> None:
    screener.add_names(["Jan van der Berg", "dhr. Ten Brink"])
    text = "De bewoner van de flat en der Ten tuin, dhr. en mevr. kwamen."
    assert screener.screen(text) == Screened(text, {})


def test_name_parts_that_are_everyday_words_need_a_capital_or_a_neighbour(
    screener: Screener,
) -> None:
    screener.add_names(["Piet van der Meer"])
    assert screener.screen("ze wil meer contact").hits == {}
    assert screener.screen("mevrouw Meer belde").text == "mevrouw [naam] belde"
    assert screener.screen("piet van der meer belde").text == "[naam] belde"


def test_names_added_later_are_masked_too(screener: Screener) -> None:
    assert screener.screen("Brouwer belde") == Screened("Brouwer belde", {})
    screener.add_names(["Sanne Brouwer"])
    assert screener.screen("Brouwer belde") == Screened("[naam] belde", {"naam": 1})


def test_a_note_full_of_everything() -> None:
    earlier = Pseudonymiser(KEY).name_token_hashes("Mohamed El Amrani")
    screener = Screener(Pseudonymiser(KEY), known_name_hashes=earlier, known_names=["Jan de Vries"])
    note = (
        "Op 12-03-2024 om 10:30 huisbezoek bij Jan de Vries, Kanaalstraat 12, 3521 AB Utrecht "
        "(tel. 06-1234 5678, jan@example.nl). Buurman mohamed el amrani belde vanaf "
        "+31(0)6-87654321 en 030 123 45 67 over € 1.234,50 op NL91 ABNA 0417 1643 00; "
        "in 2024 en 2025 samen met de Vries naar het buurthuis in Overvecht."
    )
    screened = screener.screen(note)
    assert screened.text == (
        "Op 12-03-2024 om 10:30 huisbezoek bij [naam], [adres], [postcode] Utrecht "
        "(tel. [telefoonnummer], [e-mailadres]). Buurman [naam] belde vanaf "
        "[telefoonnummer] en [telefoonnummer] over € 1.234,50 op [rekeningnummer]; "
        "in 2024 en 2025 samen met de [naam] naar het buurthuis in Overvecht."
    )
    assert screened.hits == {
        "naam": 3,
        "adres": 1,
        "postcode": 1,
        "telefoon": 3,
        "email": 1,
        "iban": 1,
    }
    for clear in ("Vries", "Amrani", "mohamed", "Kanaalstraat", "3521", "5678", "jan@"):
        assert clear not in screened.text


def test_screening_is_the_same_every_time(screener: Screener) -> None:
    screener.add_names(["Jan de Vries"])
    note = "Jan de Vries, 06-12345678, Jan de Vries"
    first = screener.screen(note)
    assert (
        screener.screen(note) == first == Screened("[naam], [telefoonnummer], [naam]", first.hits)
    )
    assert first.hits == {"naam": 2, "telefoon": 1}


def test_the_key_file_is_private_even_with_a_loose_umask(tmp_path: Path) -> None:
    old = os.umask(0o000)
    try:
        _, path, _ = load_key(key_settings(tmp_path))
    finally:
        os.umask(old)
    assert path is not None
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
