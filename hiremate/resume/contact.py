"""Email and phone extraction from normalised resume text."""

from __future__ import annotations

import re

import phonenumbers

from hiremate.resume.document import Field, found, missing

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}"
)
# Domains reserved for documentation (RFC 2606 and RFC 6761).
_PLACEHOLDER_DOMAINS = ("example.com", "example.org", "example.net")
_PLACEHOLDER_TLDS = (".example", ".test", ".invalid", ".localhost")
# Addresses of job boards and mailers, not of the candidate.
_BOARD_DOMAINS = (
    "indeed.com",
    "linkedin.com",
    "monster.com",
    "ziprecruiter.com",
    "glassdoor.com",
    "careerbuilder.com",
    "dice.com",
)
_BOARD_LOCAL = re.compile(
    r"^(no-?reply|do-?not-?reply|jobs?|careers?|recruit\w*|hr|apply|talent|hiring|"
    r"notifications?|alerts?|support|info)$"
)

# Digits with the separators phone numbers are printed with, optionally a leading + or (.
_PHONE = re.compile(
    r"(?<![\w+/.])\+?(?:\(\d{1,4}\)|\d)(?:[ .\-/]{0,2}(?:\(\d{1,4}\)|\d)){6,16}(?![\w/])"
)
_PHONE_LABEL = re.compile(
    r"(phone|tel|telephone|mobile|mob|cell|ph|contact|whatsapp)\.?\s*(number|no\.?)?\s*[:#]?\s*$",
    re.IGNORECASE,
)
_FAX_LABEL = re.compile(r"fax\.?\s*[:#]?\s*$", re.IGNORECASE)
_DATE_LIKE = re.compile(r"^\d{1,4}[/.\-]\d{1,2}[/.\-]\d{1,4}$")
_YEAR = re.compile(r"^(19|20)\d{2}$")
# Hints of the country in a resume's text, for numbers printed without a country code.
_US_STATE = re.compile(
    r",\s*(A[KLRZ]|C[AOT]|D[CE]|FL|GA|HI|I[ADLN]|K[SY]|LA|M[ADEINOST]|N[CDEHJMVY]|O[HKR]|"
    r"PA|RI|S[CD]|T[NX]|UT|V[AT]|W[AIVY])\b"
)
_COUNTRY_HINTS = (
    (re.compile(r"\b(United Kingdom|England|Scotland|Wales|UK)\b"), "GB"),
    (re.compile(r"\b(India)\b"), "IN"),
    (re.compile(r"\b(Germany|Deutschland)\b"), "DE"),
    (re.compile(r"\b(France)\b"), "FR"),
    (re.compile(r"\b(Australia)\b"), "AU"),
    (re.compile(r"\b(Ireland)\b"), "IE"),
    (re.compile(r"\b(Canada|Ontario|Quebec|Alberta|British Columbia)\b"), "CA"),
    (re.compile(r"\b(USA|United States)\b"), "US"),
)
_NANP_SHAPE = re.compile(r"^(\+?1[ .\-]?)?(\(\d{3}\)|\d{3})[ .\-]?\d{3}[ .\-]?\d{4}$")


def extract_email(text: str, name_tokens: set[str]) -> Field:
    """Find the candidate's email: the first address, preferring one that matches the name.

    Addresses of job boards or mailers rank below the others. An address at a
    documentation domain such as example.com is returned with `placeholder` set.
    """
    candidates = []
    for match in _EMAIL.finditer(text):
        address = match.group(0).rstrip(".")
        local, domain = address.lower().rsplit("@", 1)
        score = 0.0
        if domain.endswith(_BOARD_DOMAINS) or _BOARD_LOCAL.match(local):
            score -= 1.0
        if name_tokens and any(token in local for token in name_tokens if len(token) > 2):
            score += 0.5
        candidates.append((score, -match.start(), match.start(), address))
    if not candidates:
        return missing("No email address was found in the text.", placeholder=False)
    score, _, start, address = max(candidates)
    distinct = {candidate[3].lower() for candidate in candidates}
    domain = address.lower().rsplit("@", 1)[1]
    placeholder = domain in _PLACEHOLDER_DOMAINS or domain.endswith(_PLACEHOLDER_TLDS)
    confidence = 0.95 if len(distinct) == 1 else 0.8
    if score < 0:
        confidence = 0.5
    if placeholder:
        confidence = 0.4
    return found(address, confidence, text, start, start + len(address), placeholder=placeholder)


def infer_region(text: str) -> str | None:
    """Return the ISO country code a resume's location suggests, or None."""
    head = text[:2000]
    for pattern, region in _COUNTRY_HINTS:
        if pattern.search(head):
            return region
    if _US_STATE.search(head):
        return "US"
    return None


def extract_phone(text: str, anchor: int | None = None) -> Field:
    """Find the candidate's phone number and normalise it to E.164 where possible.

    A labelled number ranks first, then one within two lines of `anchor` (the offset of
    the candidate's email or name, so a job board's number on a cover page loses), then
    the earliest. The value is the E.164 form when the number is valid for the region the
    resume suggests, and numbers printed in North American format count as NANP. Any other
    number is kept as printed. `placeholder` marks 555 exchanges and digit sequences such
    as 123-456-7890.
    """
    region = infer_region(text)
    best = None
    for match in _PHONE.finditer(text):
        printed = match.group(0).strip(" .-/")
        if not _is_phone_like(printed):
            continue
        line_start = text.rfind("\n", 0, match.start()) + 1
        before = text[line_start : match.start()]
        if _FAX_LABEL.search(before):
            continue
        labelled = bool(_PHONE_LABEL.search(before))
        near = anchor is not None and _lines_apart(text, anchor, match.start()) <= 2
        rank = (labelled, near, -match.start())
        if best is None or rank > best[0]:
            best = (rank, match.start(), printed, labelled)
    if best is None:
        return missing(
            "No phone number was found in the text.", printed=None, e164=None, placeholder=False
        )
    _, start, printed, labelled = best
    e164, reason = _to_e164(printed, region)
    placeholder = _is_placeholder(printed)
    confidence = 0.95 if e164 else 0.6
    if not labelled:
        confidence -= 0.05
    if placeholder:
        confidence -= 0.3
    value = e164 or printed
    return found(
        value,
        confidence,
        text,
        start,
        start + len(printed),
        printed=printed,
        e164=e164,
        placeholder=placeholder,
        e164_reason=reason,
    )


def _lines_apart(text: str, first: int, second: int) -> int:
    low, high = sorted((first, second))
    return text.count("\n", low, high)


def _is_phone_like(printed: str) -> bool:
    digits = re.sub(r"\D", "", printed)
    if not 7 <= len(digits) <= 15:
        return False
    if _DATE_LIKE.match(printed):
        return False
    groups = re.findall(r"\d+", printed)
    if all(_YEAR.match(group) for group in groups):
        return False
    # One unbroken run of digits is a phone number only at NANP length or after a "+".
    return len(groups) > 1 or printed.startswith("+") or len(digits) in (10, 11)


def _to_e164(printed: str, region: str | None) -> tuple[str | None, str | None]:
    if printed.startswith("+"):
        parse_region = None
    elif _NANP_SHAPE.match(printed) and region in (None, "US", "CA"):
        parse_region = "US"
    elif region is not None:
        parse_region = region
    else:
        return None, "No country code is printed and the region could not be inferred."
    try:
        number = phonenumbers.parse(printed, parse_region)
    except phonenumbers.NumberParseException as exc:
        return None, f"The number could not be parsed: {exc}."
    if not phonenumbers.is_valid_number(number):
        return None, f"The number is not a valid number for region {parse_region or 'given'}."
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164), None


def _is_placeholder(printed: str) -> bool:
    digits = re.sub(r"\D", "", printed)
    national = digits[1:] if len(digits) == 11 and digits.startswith("1") else digits
    if len(national) == 10 and ("555" in (national[:3], national[3:6])):
        return True
    return national in {"1234567890", "0123456789", "9876543210"} or len(set(national)) == 1
