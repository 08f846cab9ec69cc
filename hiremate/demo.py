"""The main job: one resume and one behavior session, end to end on a fresh embedded store."""

from __future__ import annotations

import dataclasses
import logging
import mimetypes
import secrets
import tempfile
from importlib import resources
from pathlib import Path
from typing import Any

import httpx

from hiremate.behavior import Trial, read_trials
from hiremate.replay import ReplayError, take_assessment
from hiremate.seed import seed
from hiremate.services import running_collector
from hiremate.settings import Settings, override_settings
from hiremate.store import open_store

logger = logging.getLogger(__name__)

MIN_TASKS = 5


class DemoError(RuntimeError):
    """A step of the demo failed; the message names the step and the cause."""


@dataclasses.dataclass(frozen=True)
class DemoInputs:
    """The demo's inputs: a resume, a trial table and the subject in it."""

    resume: Path
    behavior: Path
    subject: str | None
    data_dir: Path | str | None


def sample_path(name: str) -> Path:
    """Return the path of a sample file shipped with the package."""
    return Path(str(resources.files("hiremate") / "samples" / name))


def default_inputs() -> DemoInputs:
    return DemoInputs(
        resume=sample_path("resume-maya-okafor.txt"),
        behavior=sample_path("session.tsv"),
        subject=None,
        data_dir=None,
    )


def run_demo(inputs: DemoInputs) -> dict[str, Any]:
    """Run the whole flow and return the result document that `--json` prints."""
    for label, path in (("--resume", inputs.resume), ("--behavior", inputs.behavior)):
        if not path.is_file():
            raise DemoError(f"{label} {path} is not a readable file")
    trials = read_trials(inputs.behavior, inputs.subject)
    logger.info(
        "read %d trials of subject %s from %s", len(trials), trials[0].subject, inputs.behavior
    )
    if inputs.data_dir is None:
        with tempfile.TemporaryDirectory(prefix="hiremate-demo-") as folder:
            result = _run_in(Path(folder), inputs, trials)
        logger.info("removed the temporary data folder; pass --data-dir to keep the store")
        return result
    data_dir = Path(inputs.data_dir)
    if not str(inputs.data_dir).strip():
        raise DemoError("--data-dir is empty; give the path of a new or empty folder")
    if data_dir.exists() and (not data_dir.is_dir() or any(data_dir.iterdir())):
        raise DemoError(
            f"--data-dir {data_dir} is not empty; the demo needs a fresh store, so give a new "
            "or empty folder"
        )
    data_dir.mkdir(parents=True, exist_ok=True)
    return {**_run_in(data_dir, inputs, trials), "data_dir": str(data_dir.resolve())}


def _run_in(data_dir: Path, inputs: DemoInputs, trials: list[Trial]) -> dict[str, Any]:
    password = secrets.token_urlsafe(16)
    settings = Settings(
        data_dir=data_dir.resolve(), database_url="", admin_password=password, _env_file=None
    )
    logger.info("demo data folder: %s", settings.data_dir)
    with open_store(settings) as store:
        seed(store, settings)
    env = {
        "HIREMATE_DATA_DIR": str(settings.data_dir),
        # The demo always runs on the embedded store, whatever the shell has configured.
        "HIREMATE_DATABASE_URL": "",
        "HIREMATE_DEV_MODE": "false",
    }
    with running_collector(env) as base_url, httpx.Client(base_url=base_url, timeout=30) as http:
        token = _login(http, settings.admin_email, password)
        http.headers["Authorization"] = f"Bearer {token}"
        parsed = _parse_resume(http, inputs.resume)
        attempt = _create_attempt(http, parsed, len(trials))
        full_tasks = {
            task_id: _ok(http.get(f"/api/v1/tasks/{task_id}"), "read a task")
            for task_id in attempt["task_ids"]
        }
        ws_base = base_url.replace("http://", "ws://", 1)
        try:
            sent = take_assessment(http, ws_base, attempt["token"], trials, full_tasks)
        except ReplayError as exc:
            raise DemoError(str(exc)) from exc
        logger.info("candidate session replayed: %d events", sent)
        scoring = _score(settings, attempt["id"])
        metrics = _ok(http.get(f"/api/v1/metrics/attempt/{attempt['id']}"), "read the metrics")
        profile = _ok(http.get(f"/api/v1/skills/attempt/{attempt['id']}"), "read the profile")
    return {
        "attempt_id": attempt["id"],
        "resume": parsed,
        "events_sent": sent,
        "metrics": metrics,
        "profile": profile.get("profile", profile),
        "lineage": {
            "run_id": scoring.get("run_id"),
            "rules_version": scoring.get("rules_version"),
            "code_version": scoring.get("code_version"),
        },
    }


def _login(http: httpx.Client, email: str, password: str) -> str:
    body = _ok(
        http.post("/api/v1/auth/login", json={"email": email, "password": password}),
        "sign in as the admin recruiter",
    )
    return str(body["access_token"])


def _parse_resume(http: httpx.Client, path: Path) -> dict[str, Any]:
    content_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with path.open("rb") as handle:
        body = _ok(
            http.post("/api/v1/resume/parse", files={"file": (path.name, handle, content_type)}),
            f"parse the resume {path.name}",
        )
    info = body.get("candidate_info", {})
    logger.info("parsed resume: name=%r position=%r", info.get("name"), info.get("position"))
    return body


def _create_attempt(http: httpx.Client, parsed: dict[str, Any], trial_count: int) -> dict:
    info = parsed.get("candidate_info", {})
    task_ids = list(parsed.get("suggested_task_ids") or [])
    if len(task_ids) < MIN_TASKS:
        library = _ok(http.get("/api/v1/tasks", params={"page_size": 50}), "list the tasks")
        for task in library.get("tasks", []):
            if task["id"] not in task_ids:
                task_ids.append(task["id"])
    task_ids = task_ids[: max(1, min(len(task_ids), trial_count))]
    body = {
        "candidate_info": {
            "name": info.get("name") or "Demo Candidate",
            "email": info.get("email") or "candidate@example.org",
            "position": info.get("position") or "General Candidate",
            "skills": info.get("skills") or [],
        },
        "task_ids": task_ids,
    }
    attempt = _ok(http.post("/api/v1/attempts", json=body), "create the attempt")
    logger.info("attempt %s created with %d tasks", attempt["id"], len(task_ids))
    attempt.setdefault("task_ids", task_ids)
    return attempt


def _score(settings: Settings, attempt_id: str) -> dict[str, Any]:
    from pipelines.scoring import score_attempts

    logger.info("scoring attempt %s with the Dagster assets", attempt_id)
    with override_settings(settings):
        return score_attempts(settings, [attempt_id])


def _ok(response: httpx.Response, step: str) -> dict[str, Any]:
    if response.status_code >= 400:
        try:
            detail = response.json().get("detail")
        except ValueError:
            detail = response.text[:200]
        raise DemoError(f"could not {step}: HTTP {response.status_code}: {detail}")
    return response.json()
