"""The Render blueprint parses and names only settings the code reads."""

from __future__ import annotations

from pathlib import Path

import yaml

from hiremate.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
BLUEPRINT = yaml.safe_load((REPO_ROOT / "render.yaml").read_text(encoding="utf-8"))
SETTINGS = {f"HIREMATE_{name.upper()}" for name in Settings.model_fields}


def service_env(service: dict) -> set[str]:
    keys = {entry["key"] for entry in service.get("envVars", []) if "key" in entry}
    for entry in service.get("envVars", []):
        if "fromGroup" in entry:
            group = next(g for g in BLUEPRINT["envVarGroups"] if g["name"] == entry["fromGroup"])
            keys |= {item["key"] for item in group["envVars"]}
    return keys


def test_render_blueprint_has_every_service() -> None:
    names = {service["name"] for service in BLUEPRINT["services"]}
    assert names == {
        "hiremate-collector",
        "hiremate-dashboard",
        "hiremate-dagster",
        "hiremate-dagster-daemon",
    }


def test_render_env_vars_are_known_settings() -> None:
    for service in BLUEPRINT["services"]:
        unknown = {key for key in service_env(service) if key.startswith("HIREMATE_")} - SETTINGS
        assert not unknown, f"{service['name']} sets unknown settings {sorted(unknown)}"


def test_render_every_service_gets_store_and_secret() -> None:
    for service in BLUEPRINT["services"]:
        keys = service_env(service)
        assert "HIREMATE_DATABASE_URL" in keys, service["name"]
        assert "HIREMATE_JWT_SECRET" in keys, service["name"]


def test_render_secrets_are_generated_not_written() -> None:
    group = BLUEPRINT["envVarGroups"][0]["envVars"]
    by_key = {entry["key"]: entry for entry in group}
    assert by_key["HIREMATE_JWT_SECRET"] == {"key": "HIREMATE_JWT_SECRET", "generateValue": True}
    assert by_key["HIREMATE_ADMIN_PASSWORD"]["generateValue"] is True
    assert by_key["HIREMATE_DATABASE_URL"]["sync"] is False
    assert "value" not in by_key["HIREMATE_DATABASE_URL"]


def test_render_dagster_uses_postgres() -> None:
    dagster = [s for s in BLUEPRINT["services"] if s["name"].startswith("hiremate-dagster")]
    database_names = {database["name"] for database in BLUEPRINT["databases"]}
    for service in dagster:
        pg = [entry for entry in service["envVars"] if entry.get("key") == "DAGSTER_PG_URL"]
        assert pg[0]["fromDatabase"]["name"] in database_names
        assert "deploy/dagster/dagster.yaml" in service["startCommand"]
    instance = yaml.safe_load((REPO_ROOT / "deploy/dagster/dagster.yaml").read_text())
    assert instance["storage"]["postgres"]["postgres_url"] == {"env": "DAGSTER_PG_URL"}


def test_render_dashboard_finds_collector() -> None:
    dashboard = next(s for s in BLUEPRINT["services"] if s["name"] == "hiremate-dashboard")
    api = next(e for e in dashboard["envVars"] if e.get("key") == "HIREMATE_API_URL")
    assert api["fromService"]["name"] == "hiremate-collector"
    assert "dashboard/app.py" in dashboard["startCommand"]
    assert (REPO_ROOT / "dashboard" / "app.py").exists()
