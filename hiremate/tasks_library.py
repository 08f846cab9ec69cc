"""The ten micro decision tasks every organisation shares, as seeded by `hiremate seed`."""

from __future__ import annotations

from typing import Any

GENERAL = "general"


def _task(
    task_id: str,
    title: str,
    category: str,
    difficulty: str,
    scenario: str,
    options: list[tuple[str, str, str]],
    suited_positions: list[str],
    *,
    reasoning_required: bool = True,
    time_limit_seconds: int = 180,
) -> dict[str, Any]:
    return {
        "id": task_id,
        "title": title,
        "category": category,
        "difficulty": difficulty,
        "scenario": scenario,
        "options": [
            {"id": option_id, "text": text, "risk_level": risk} for option_id, text, risk in options
        ],
        "reasoning_required": reasoning_required,
        "reasoning_min_length": 20 if reasoning_required else 0,
        "suited_positions": suited_positions,
        "time_limit_seconds": time_limit_seconds,
    }


LIBRARY_TASKS: list[dict[str, Any]] = [
    _task(
        "task-release-bug",
        "Bug found before a release",
        "Problem Solving",
        "medium",
        "A release goes out to customers in two hours. A tester finds a bug that corrupts "
        "the export of one report type, used by about 3% of customers. The fix looks small "
        "but touches shared code. What do you do?",
        [
            ("a", "Delay the release until the fix is written, reviewed and tested.", "low"),
            ("b", "Release now with the report export switched off, and fix it next.", "medium"),
            ("c", "Write the fix now and ship it in this release with a quick check.", "high"),
        ],
        ["software engineer", "developer", "qa", "desktop support", "it", GENERAL],
    ),
    _task(
        "task-budget-variance",
        "A budget line is over",
        "Data Interpretation",
        "medium",
        "At month end, the travel line of a department is 40% over budget while the total "
        "is on target. The department head says the overspend was approved by email. "
        "You are closing the books tomorrow.",
        [
            ("a", "Hold the close until the approval is documented and coded correctly.", "low"),
            ("b", "Close with a note on the variance and follow up on the approval.", "medium"),
            ("c", "Reclassify the overspend to another line that has room.", "high"),
        ],
        ["accountant", "finance", "analyst", "controller", "bookkeeper"],
    ),
    _task(
        "task-urgent-requests",
        "Two urgent requests at once",
        "Prioritization",
        "easy",
        "Two managers each ask you for something 'by end of day': one needs a meeting room "
        "set up for a client visit tomorrow, the other wants a report reformatted for an "
        "internal review next week. You have time for one today.",
        [
            ("a", "Do the client room first and tell the other manager when to expect it.", "low"),
            ("b", "Ask both managers to agree between themselves which comes first.", "medium"),
            ("c", "Try to do both today by rushing each one.", "high"),
        ],
        ["office coordinator", "administrative assistant", "project manager", GENERAL],
    ),
    _task(
        "task-locked-out-executive",
        "An executive locked out",
        "Customer Focus",
        "medium",
        "A senior executive calls: they are locked out of their account just before a board "
        "presentation. They cannot answer the identity verification questions and ask you "
        "to reset the password right away.",
        [
            ("a", "Follow the verification procedure and escalate to get it done fast.", "low"),
            (
                "b",
                "Verify identity another way, such as a call-back to their listed phone.",
                "medium",
            ),
            ("c", "Reset the password now because of who they are and the deadline.", "high"),
        ],
        ["desktop support", "it", "help desk", "system administrator", "customer support"],
    ),
    _task(
        "task-vendor-choice",
        "Choosing a vendor",
        "Risk Assessment",
        "hard",
        "You must pick a vendor for a tool the team will use for three years. Vendor A is "
        "established and 30% more expensive. Vendor B is a young company with a better "
        "product and a lower price, but it has few customers.",
        [
            ("a", "Choose the established vendor A.", "low"),
            ("b", "Choose vendor B with a short contract and an exit plan.", "medium"),
            ("c", "Choose vendor B on a three-year contract to get the best price.", "high"),
        ],
        ["project manager", "office coordinator", "software engineer", "analyst", GENERAL],
    ),
    _task(
        "task-teammate-mistake",
        "A teammate's mistake",
        "Teamwork",
        "easy",
        "You notice that a teammate sent a customer an invoice with the wrong amount. The "
        "teammate is on leave until next week and the customer has not replied yet.",
        [
            ("a", "Tell your manager and let them decide how to correct it.", "low"),
            ("b", "Contact the customer yourself with a corrected invoice.", "medium"),
            ("c", "Wait for your teammate to return and handle it.", "high"),
        ],
        ["accountant", "office coordinator", "customer support", "sales", GENERAL],
    ),
    _task(
        "task-data-anomaly",
        "A surprising number",
        "Data Interpretation",
        "hard",
        "A dashboard shows sign-ups doubled overnight. Marketing wants to announce the "
        "success in today's company update. You have not checked where the new sign-ups "
        "come from.",
        [
            ("a", "Ask to hold the announcement until the source is checked.", "low"),
            ("b", "Let them announce it as a preliminary figure under review.", "medium"),
            ("c", "Confirm the number as it is so the update goes out on time.", "high"),
        ],
        ["analyst", "data analyst", "software engineer", "marketing", GENERAL],
    ),
    _task(
        "task-deadline-scope",
        "Deadline or scope",
        "Time Management",
        "medium",
        "Halfway through a two-week project you see that all planned features will not be "
        "done by the deadline. The deadline matters to the client; so do the features.",
        [
            ("a", "Tell the client now and agree on what moves to a second delivery.", "low"),
            ("b", "Cut the least important features yourself and deliver on time.", "medium"),
            ("c", "Keep the full scope and work overtime to try to make it.", "high"),
        ],
        ["project manager", "software engineer", "office coordinator", GENERAL],
    ),
    _task(
        "task-policy-exception",
        "A request for an exception",
        "Ethics",
        "medium",
        "A long-time customer asks for a refund two days after the 30-day refund window "
        "closed. Policy says no exceptions, but the customer threatens to leave and post a "
        "bad review.",
        [
            ("a", "Decline politely and explain the policy.", "low"),
            ("b", "Ask your manager for a one-time exception.", "medium"),
            ("c", "Grant the refund yourself to keep the customer.", "high"),
        ],
        ["customer support", "sales", "accountant", "office coordinator", GENERAL],
    ),
    _task(
        "task-new-tool",
        "Trying a new tool",
        "Resource Allocation",
        "easy",
        "You find a free online tool that would save you an hour a day on a routine task. "
        "Using it means uploading internal files to the tool's website. IT has not "
        "reviewed it.",
        [
            ("a", "Ask IT to review the tool before using it.", "low"),
            ("b", "Try it with files that contain nothing sensitive.", "medium"),
            ("c", "Start using it now; it is only routine work.", "high"),
        ],
        ["desktop support", "office coordinator", "analyst", "software engineer", GENERAL],
    ),
]
