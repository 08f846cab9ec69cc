"""Word lists shared by the name and position extractors (lower case)."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    """Return the whitespace-separated words of `text` as a set."""
    return frozenset(text.split())


# Head nouns of job titles. A line containing one is treated as a title, never as a name.
ROLE_NOUNS = words(
    """
    accountant actuary administrator adviser advisor agent analyst architect assistant associate
    attorney auditor baker banker barista bookkeeper buyer carpenter cashier ceo cfo chef chemist
    clerk coach consultant controller coo coordinator counsellor counselor cpa cto dentist
    designer developer director doctor driver economist editor electrician engineer executive
    founder hygienist instructor intern investigator journalist lawyer lecturer librarian
    manager marketer mechanic nurse officer operator paralegal pharmacist physician pilot
    planner president principal producer professor programmer receptionist recruiter
    representative researcher scientist secretary specialist strategist supervisor surgeon
    teacher technician technologist therapist trainer translator tutor writer vp
    """
)
# Words of organisation names and document headings. A line containing one is not a name.
NON_NAME_WORDS = words(
    """
    academy agency associates bank college company consulting corp corporation department
    financial group hospital inc institute llc llp ltd management partners school services
    solutions studio technologies technology university
    resume résumé cv curriculum vitae portfolio summary profile objective experience education
    skills contact information references page document abstract introduction address
    confidential phone email mobile
    """
)
# Lines that templates print in place of a name.
PLACEHOLDER_NAMES = frozenset(
    {
        "your name",
        "first last",
        "firstname lastname",
        "first name last name",
        "name surname",
        "full name",
        "candidate name",
        "applicant name",
        "lorem ipsum",
    }
)
# Lower-case particles that may sit inside a name ("Ludwig van Beethoven").
NAME_PARTICLES = words("al bin da das de del della den der di dos du el ibn la le van von y")
# Roles of activities, not jobs.
ACTIVITY_ROLES = words("member volunteer student participant attendee")
