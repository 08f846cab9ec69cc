"""The recruiter's organisation, its members and invite codes."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from fastapi import APIRouter, HTTPException, status
from pydantic import BaseModel, Field

from collector.deps import StoreDep, UserDep
from collector.errors import error_responses
from collector.security import hash_token, new_invite_code
from hiremate.store import Store, utc_now

logger = logging.getLogger(__name__)
router = APIRouter(prefix="/org", tags=["organisation"])


class OrgOut(BaseModel):
    id: str
    name: str
    created_at: dt.datetime | None = None
    member_count: int


class MemberOut(BaseModel):
    id: str
    email: str
    full_name: str
    role: str


class MembersOut(BaseModel):
    members: list[MemberOut]


class InviteIn(BaseModel):
    expires_in_days: int = Field(7, ge=1, le=90)


class InviteOut(BaseModel):
    code: str = Field(description="Shown once; pass it as `invite_code` to `/auth/register`.")
    org_id: str
    expires_at: dt.datetime


def join_with_invite(store: Store, code: str, user_id: str, now: dt.datetime) -> str:
    """Use up an invite code for `user_id` and return its organisation id.

    Raises:
        HTTPException: 400 when the code is unknown, used or expired.
    """
    invite = store.find_one("invites", {"code_hash": hash_token(code.strip())})
    invalid = HTTPException(400, "Invite code is invalid or has expired")
    if invite is None or invite["expires_at"] <= now:
        raise invalid
    claimed = store.update(
        "invites", invite["id"], {"used_at": now, "used_by": user_id}, expect={"used_at": None}
    )
    if claimed is None:
        raise invalid
    return invite["org_id"]


def _org_out(store: Store, org: dict[str, Any]) -> OrgOut:
    return OrgOut(
        id=org["id"],
        name=org.get("name") or "",
        created_at=org.get("created_at"),
        member_count=store.count("users", {"org_id": org["id"]}),
    )


@router.get("", response_model=OrgOut, responses=error_responses(401, 404))
def read_org(user: UserDep, store: StoreDep) -> OrgOut:
    """Return the recruiter's organisation."""
    org = store.get("orgs", user["org_id"])
    if org is None:
        raise HTTPException(404, "Organisation not found")
    return _org_out(store, org)


@router.get("/members", response_model=MembersOut, responses=error_responses(401))
def list_members(user: UserDep, store: StoreDep) -> MembersOut:
    """List the recruiters of the organisation."""
    users = store.find("users", {"org_id": user["org_id"]}, sort=[("created_at", 1)])
    return MembersOut(
        members=[
            MemberOut(
                id=u["id"],
                email=u["email"],
                full_name=u.get("full_name") or "",
                role=u.get("role") or "recruiter",
            )
            for u in users
        ]
    )


@router.post(
    "/invites",
    status_code=status.HTTP_201_CREATED,
    response_model=InviteOut,
    responses=error_responses(401, 403, 422, e403="Only organisation admins can invite"),
)
def create_invite(user: UserDep, store: StoreDep, body: InviteIn | None = None) -> InviteOut:
    """Create a single-use invite code that joins the recruiter's organisation."""
    if user.get("role") != "admin":
        raise HTTPException(403, "Only organisation admins can invite")
    body = body or InviteIn()
    code = new_invite_code()
    now = utc_now()
    expires_at = now + dt.timedelta(days=body.expires_in_days)
    store.insert(
        "invites",
        {
            "code_hash": hash_token(code),
            "org_id": user["org_id"],
            "created_by": user["id"],
            "created_at": now,
            "expires_at": expires_at,
            "used_at": None,
            "used_by": None,
        },
    )
    logger.info("user %s created an invite for org %s", user["id"], user["org_id"])
    return InviteOut(code=code, org_id=user["org_id"], expires_at=expires_at)
