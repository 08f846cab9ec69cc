"""Name, email, phone and position extraction on small normalised texts."""

from __future__ import annotations

import pytest

from hiremate.resume.contact import extract_email, extract_phone, infer_region
from hiremate.resume.document import split_lines
from hiremate.resume.names import extract_name
from hiremate.resume.parser import parse_resume_bytes
from hiremate.resume.position import extract_position


def _fields(text: str) -> dict:
    return parse_resume_bytes(text.encode())["fields"]


@pytest.mark.parametrize(
    ("text", "printed", "e164", "placeholder"),
    [
        # NANP format without a country code.
        ("Call 206-555-0149 today", "206-555-0149", "+12065550149", True),
        # A Canadian area code is still +1 and valid.
        ("Houston, TX | 587-555-0176", "587-555-0176", "+15875550176", True),
        # Area code 555 does not exist: kept as printed.
        ("Phone: (555) 123-4567", "(555) 123-4567", None, True),
        # Area codes cannot start with 1: kept as printed.
        ("hello@mail.test 123-456-7890 NYC", "123-456-7890", None, True),
        # An international number parses without a region.
        ("Tel: +44 20 7946 0958", "+44 20 7946 0958", "+442079460958", False),
        # The region comes from the location when no country code is printed.
        ("London, United Kingdom\nMobile: 020 7946 0958", "020 7946 0958", "+442079460958", False),
        # A real-looking US number is not a placeholder.
        ("Cell: (415) 867-2309", "(415) 867-2309", "+14158672309", False),
    ],
)
def test_extract_phone_cases(text: str, printed: str, e164: str | None, placeholder: bool) -> None:
    phone = extract_phone(text)
    assert phone["printed"] == printed
    assert phone["e164"] == e164
    assert phone["value"] == (e164 or printed)
    assert phone["placeholder"] is placeholder


def test_extract_phone_without_region_kept_as_printed() -> None:
    phone = extract_phone("Mobile: 020 7946 0958")
    assert phone["value"] == "020 7946 0958"
    assert phone["e164"] is None
    assert "region" in phone["e164_reason"]


@pytest.mark.parametrize(
    "text",
    [
        "Experience 2018 - 2020 and 2020 - 2023",  # year ranges
        "Date: 2023-01-15",  # ISO date
        "555 La Verne Way, La Verne, CA 91750",  # street number and ZIP code
        "GPA 3.8, 120 credits",
    ],
)
def test_extract_phone_ignores_non_phones(text: str) -> None:
    phone = extract_phone(text)
    assert phone["value"] is None
    assert phone["reason"]


def test_extract_phone_skips_fax() -> None:
    phone = extract_phone("Fax: 206-867-2300\nPhone: 206-867-2309")
    assert phone["printed"] == "206-867-2309"


def test_extract_phone_prefers_labelled() -> None:
    text = "Board hotline 800-867-2300\nJane Doe\nPhone: 206-867-2309"
    assert extract_phone(text)["printed"] == "206-867-2309"


def test_parse_job_board_cover_page_contacts_skipped() -> None:
    text = (
        "Sent via JobBoard\n"
        "Contact us: support@jobboard.test, 800-867-5309\n\n"
        "Jane Doe\n"
        "jane.doe@mail.test | 415-867-2309\n"
    )
    fields = _fields(text)
    assert fields["name"]["value"] == "Jane Doe"
    assert fields["email"]["value"] == "jane.doe@mail.test"
    assert fields["phone"]["printed"] == "415-867-2309"


def test_infer_region_from_state() -> None:
    assert infer_region("Seattle, WA | 206-555-0149") == "US"
    assert infer_region("Berlin, Germany") == "DE"
    assert infer_region("Somewhere") is None


def test_extract_email_placeholder_domain_flagged() -> None:
    email = extract_email("Jane Doe\njane@example.com", {"jane", "doe"})
    assert email["value"] == "jane@example.com"
    assert email["placeholder"] is True
    assert email["confidence"] < 0.5


def test_extract_email_board_address_ranked_last() -> None:
    text = "Sent via noreply@jobs-board.test\nJane Doe\njane.doe@mail.test"
    assert extract_email(text, {"jane", "doe"})["value"] == "jane.doe@mail.test"


def test_extract_email_prefers_name_match() -> None:
    text = "office@firm.test\nJane Doe\njdoe@mail.test"
    assert extract_email(text, {"jane", "doe"})["value"] == "jdoe@mail.test"


def test_extract_email_ligature_normalised() -> None:
    fields = _fields("Jane O\ufb03cer\njane.o\ufb03cer@mail.test\n")
    assert fields["email"]["value"] == "jane.officer@mail.test"


def test_extract_email_missing_has_reason() -> None:
    email = extract_email("no address here", set())
    assert email["value"] is None
    assert "No email" in email["reason"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # A page number printed before the name is skipped.
        ("2\nLeo Leopard\nlleopard@mail.test", "Leo Leopard"),
        # A document heading is not a name.
        ("Curriculum Vitae\nAna Lima\nana@mail.test", "Ana Lima"),
        ("RESUME\nJOHN DOE\njohn@mail.test", "JOHN DOE"),
        # Particles and initials.
        ("Ludwig van Beethoven\nlvb@mail.test", "Ludwig van Beethoven"),
        ("Mary J. Blige\nmjb@mail.test", "Mary J. Blige"),
        # Credentials after a comma and a title after a separator are cut off.
        ("Jane Doe, CPA\njane@mail.test", "Jane Doe"),
        ("Mary-Jane O'Neil, Ph.D.\nmj@mail.test", "Mary-Jane O'Neil"),
        ("Jane Doe | Software Engineer\njane@mail.test", "Jane Doe"),
        # A labelled name wins.
        ("Senior Software Engineer\nName: Ana Lima\nana@mail.test", "Ana Lima"),
    ],
)
def test_extract_name_cases(text: str, name: str) -> None:
    assert _fields(text)["name"]["value"] == name


@pytest.mark.parametrize(
    "text",
    [
        "Your Name\nJanuary 3, 2024\nLorem ipsum dolor sit amet, consectetur adipiscing elit.",
        "Summary\nExperience\nSkills\nsome words in lower case here",
        "Senior Software Engineer\nAcme Corporation\nsomething else",
        "Seattle, WA | 206-555-0149 | a@mail.test\nPage 1",
        # A state code after a comma is not a credential.
        "Silver Spring, MD | 206-555-0149 | a@mail.test\nPage 1",
        # Last name first is not guessed at.
        "Smith, John\nx@mail.test and more letters here",
    ],
)
def test_extract_name_never_guesses(text: str) -> None:
    name = _fields(text)["name"]
    assert name["value"] is None
    assert name["reason"]


def test_extract_name_other_person_in_summary_ignored() -> None:
    lines = ["x"] * 8 + ["Roger K. Howard"]
    text = "\n".join(lines)
    assert extract_name(split_lines(text), text, set())["value"] is None


@pytest.mark.parametrize(
    ("text", "position"),
    [
        # A title line right under the name.
        (
            "Jane Doe\nData Engineer\njane@mail.test\nExperience\nAcme, Analyst\n2019 - 2020",
            "Data Engineer",
        ),
        # A title line under the name, email and phone lines.
        (
            "Zoe Miller\nzoe.miller@mail.test\n+44 20 7946 0958\nSenior Software Engineer\n",
            "Senior Software Engineer",
        ),
        # A title line under the contact lines, a profile link among them.
        (
            "Jane Doe\njane@mail.test\n(415) 867-2309\nlinkedin.com/in/janedoe\nData Engineer\n"
            "Experience\nAcme, Analyst\n2019 - 2020",
            "Data Engineer",
        ),
        # A title on the name line after a separator.
        ("Jane Doe | Data Engineer\njane@mail.test\nExperience\nAcme, Analyst", "Data Engineer"),
        # The current job's title on the line before its dates (last comma field).
        (
            "Jane Doe\nExperience\n"
            "Gilmore Financial, New Orleans, LA, Certified Public Accountant\n"
            "Oct. 2021 – Current\n• Compute taxes",
            "Certified Public Accountant",
        ),
        # Title, company and dates on one line.
        ("Jane Doe\nExperience\nSenior Developer | Acme Inc. | 2020 - Present", "Senior Developer"),
        # The title follows the dates.
        (
            "Jane Doe\nExperience\nAcme Inc., Boston, MA May 2021 - Present\nProduct Designer",
            "Product Designer",
        ),
        # The first current job wins over older ones.
        (
            "Jane Doe\nWork Experience\nAcme, Lead Accountant\n2019 - Present\n"
            "Acme, Accountant\n2015 - 2019",
            "Lead Accountant",
        ),
    ],
)
def test_extract_position_cases(text: str, position: str) -> None:
    assert _fields(text)["position"]["value"] == position


def test_extract_position_activity_section_ignored() -> None:
    text = (
        "Leo Leopard\nEDUCATION\nUniversity of La Verne\nON CAMPUS INVOLVEMENT\n"
        "Enactus, University of La Verne August 2013 – Present\nMember\n"
        "VOLUNTEER EXPERIENCE\nYMCA, Pomona, CA June 2012 – Present\nVolunteer Swim Coach"
    )
    lines = split_lines(text)
    position = extract_position(lines, text, 0)
    assert position["value"] is None
    assert "Present or Current" in position["reason"]


def test_extract_position_headline_sentence_not_a_title() -> None:
    text = (
        "John Doe\nSoftware engineer obsessed with building products people love\n"
        "WORK EXPERIENCE\nABC Company\nSoftware Engineer May 2023 - Present"
    )
    assert _fields(text)["position"]["value"] == "Software Engineer"
