"""Source chains: who said it, through whom, to the publisher — on handwritten sentences."""

from __future__ import annotations

from eventwire.events.stage import _same_outlet
from eventwire.model import SourceKind
from tests.test_events import events_of, only


def test_chain_wire_credit_line_puts_the_agency_before_the_publisher() -> None:
    ev = only(events_of("NAIROBI (AP) — Police arrested twelve protesters in the capital on "
                        "Thursday."), "COERCE")
    assert [s.kind for s in ev.sources] == [SourceKind.MEDIA, SourceKind.PUBLISHER]
    assert ev.sources[0].text == "The Associated Press" and ev.sources[0].country == "US"


def test_chain_live_file_format_is_the_agencys() -> None:
    ev = only(events_of("BERLIN The Latest on the strike at German airports (all times "
                        "local): Police arrested twelve protesters at the airport on Thursday."),
              "COERCE")
    assert [s.text for s in ev.sources] == ["The Associated Press (The Latest)", "Daily Example"]


def test_chain_agency_publishing_its_own_copy_is_one_source() -> None:
    assert _same_outlet("The Associated Press", "apnews.com")
    assert _same_outlet("Reuters", "www.reuters.com")
    assert not _same_outlet("The Associated Press", "pressherald.com")
    assert not _same_outlet("Agence France-Presse", None)


def test_chain_non_restrictive_relative_clause_is_the_writers_background() -> None:
    ev = only(events_of("Officials insist they have a right to see the journalist, who was "
                        "visiting his sister when gunmen attacked the house on May 2."),
              "ASSAULT")
    assert [s.kind for s in ev.sources] == [SourceKind.PUBLISHER]


def test_chain_restrictive_relative_clause_stays_in_the_report() -> None:
    ev = only(events_of("Soldiers arrested two men who attacked a checkpoint on Friday, an "
                        "army spokesman said."), "ASSAULT")
    assert ev.sources[0].kind is not SourceKind.PUBLISHER
    assert "spokesman" in (ev.sources[0].text or "")


def test_chain_television_showing_a_meeting_reports_it() -> None:
    ev = only(events_of("State television showed a meeting on Friday between the president "
                        "and the army chief."), "CONSULT")
    assert [s.kind for s in ev.sources][-1] is SourceKind.PUBLISHER
    assert ev.sources[0].text == "State television" and ev.sources[0].sector == "MED"
