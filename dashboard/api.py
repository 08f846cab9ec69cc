"""The dashboard's only REST client for the collector API under `/api/v1`."""

from __future__ import annotations

import logging
from typing import Any

import httpx

from dashboard.tokens import MemoryTokenStore, TokenStore

logger = logging.getLogger(__name__)

API_PREFIX = "/api/v1"
DEFAULT_TIMEOUT_SECONDS = 15.0
SESSION_EXPIRED_MESSAGE = "Your session expired, sign in again."


class ApiError(Exception):
    """A collector call failed; `detail` is the collector's own message when it sent one."""

    def __init__(self, status: int, detail: str, *, method: str = "", path: str = "") -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.method = method
        self.path = path


class SessionExpiredError(ApiError):
    """The collector rejected the access token (HTTP 401)."""


class ApiUnavailableError(ApiError):
    """The collector could not be reached or timed out."""


def error_detail(response: httpx.Response) -> str:
    """Extract a readable message from an error response (FastAPI `detail` string or list)."""
    try:
        body = response.json()
    except ValueError:
        text = response.text.strip()
        return text[:300] or f"HTTP {response.status_code}"
    detail = body.get("detail") if isinstance(body, dict) else None
    if detail is None and isinstance(body, dict):
        detail = body.get("message")
    if isinstance(detail, list):
        parts = []
        for item in detail:
            if isinstance(item, dict):
                field = ".".join(str(part) for part in item.get("loc", [])[1:])
                message = str(item.get("msg", item))
                parts.append(f"{field}: {message}" if field else message)
            else:
                parts.append(str(item))
        return "; ".join(parts) or f"HTTP {response.status_code}"
    if detail:
        return str(detail)
    return f"HTTP {response.status_code}"


class HireMateClient:
    """Calls the recruiter endpoints with a bearer token and raises `ApiError` on failure.

    When an authenticated call gets a 401, the client rotates the refresh token once at
    `POST /auth/refresh`, saves the new pair in `tokens` and repeats the call once.

    Args:
        base_url: The collector's origin, for example `http://127.0.0.1:8000`.
        token: The recruiter's access JWT, or None before sign-in.
        refresh_token: The refresh JWT issued with `token`; ignored when `tokens` is given.
        tokens: Shared token storage, such as the Streamlit session. Another client may have
            rotated the pair already, so the refresh token is read from here at refresh time.
        timeout: Seconds to wait for each call.
        transport: An httpx transport, for tests that route calls in-process.
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        refresh_token: str | None = None,
        tokens: TokenStore | None = None,
        timeout: float = DEFAULT_TIMEOUT_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.tokens: TokenStore = tokens or MemoryTokenStore(token, refresh_token)
        self._http = httpx.Client(
            base_url=self.base_url + API_PREFIX, timeout=timeout, transport=transport
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> HireMateClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def request(self, method: str, path: str, **kwargs: Any) -> Any:
        """Send one call and return its decoded JSON body.

        Raises:
            SessionExpiredError: the collector returned 401 and no token refresh helped.
            ApiUnavailableError: the collector could not be reached or timed out.
            ApiError: any other non-2xx response, carrying the collector's `detail`.
        """
        response = self._send(method, path, **kwargs)
        if response.status_code == 401 and self.token:
            if not self._renew_token(method, path):
                raise SessionExpiredError(401, SESSION_EXPIRED_MESSAGE, method=method, path=path)
            response = self._send(method, path, **kwargs)
            if response.status_code == 401:
                logger.warning("collector call %s %s: 401 after a token refresh", method, path)
                raise SessionExpiredError(401, SESSION_EXPIRED_MESSAGE, method=method, path=path)
        if response.is_error:
            detail = error_detail(response)
            logger.info("collector call %s %s: %s %s", method, path, response.status_code, detail)
            raise ApiError(response.status_code, detail, method=method, path=path)
        if not response.content:
            return None
        return response.json()

    def _send(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        try:
            return self._http.request(method, path, headers=headers, **kwargs)
        except httpx.TimeoutException as exc:
            logger.warning("collector call %s %s timed out", method, path)
            raise ApiUnavailableError(
                0, "The HireMate API did not answer in time; try again.", method=method, path=path
            ) from exc
        except httpx.TransportError as exc:
            logger.warning("collector call %s %s failed: %s", method, path, exc)
            raise ApiUnavailableError(
                0,
                f"Cannot reach the HireMate API at {self.base_url}; check that the collector "
                "is running and HIREMATE_API_URL points at it.",
                method=method,
                path=path,
            ) from exc

    def _renew_token(self, method: str, path: str) -> bool:
        """Get a working access token after a 401 and return whether the call may be repeated.

        A newer access token in `tokens` means another client already rotated the pair, so
        that token is used as it is: sending the old refresh token again would make the
        collector treat it as leaked and revoke the whole chain.
        """
        stored_access, stored_refresh = self.tokens.load()
        if stored_access and stored_access != self.token:
            logger.info("collector call %s %s: using the newer stored access token", method, path)
            self.token = stored_access
            return True
        if not stored_refresh:
            return False
        try:
            response = self._http.post("/auth/refresh", json={"refresh_token": stored_refresh})
        except httpx.TransportError as exc:
            logger.warning("token refresh for %s %s failed: %s", method, path, exc)
            return False
        if response.is_error:
            logger.warning(
                "token refresh for %s %s rejected: %s %s",
                method,
                path,
                response.status_code,
                error_detail(response),
            )
            return False
        body = response.json()
        self.token = body["access_token"]
        self.tokens.save(body["access_token"], body["refresh_token"])
        logger.info("refreshed the access token after a 401 on %s %s", method, path)
        return True

    # -- auth ---------------------------------------------------------------------------------

    def login(self, email: str, password: str, client_ip: str | None = None) -> dict[str, Any]:
        """Sign in and keep the token pair for the following calls.

        `client_ip` is the browser's address as Streamlit reports it. It is forwarded so that the
        collector's login rate limit counts failures per recruiter, not per dashboard server:
        otherwise a few wrong passwords typed into the dashboard would block every recruiter.
        """
        # Streamlit's test harness reports a mock object here, so only a real string counts.
        headers = {"X-Forwarded-For": client_ip} if isinstance(client_ip, str) and client_ip else {}
        body = self.request(
            "POST", "/auth/login", json={"email": email, "password": password}, headers=headers
        )
        self.token = body["access_token"]
        self.tokens.save(body["access_token"], body["refresh_token"])
        return body

    def me(self) -> dict[str, Any]:
        return self.request("GET", "/auth/me")

    # -- resumes and tasks --------------------------------------------------------------------

    def parse_resume(self, filename: str, content: bytes, content_type: str) -> dict[str, Any]:
        files = {"file": (filename, content, content_type or "application/octet-stream")}
        return self.request("POST", "/resume/parse", files=files)

    def list_tasks(self, page: int = 1, page_size: int = 100, **filters: Any) -> dict[str, Any]:
        params = {"page": page, "page_size": page_size, **_present(filters)}
        return self.request("GET", "/tasks", params=params)

    def get_task(self, task_id: str) -> dict[str, Any]:
        return self.request("GET", f"/tasks/{task_id}")

    def create_task(self, task: dict[str, Any]) -> dict[str, Any]:
        return self.request("POST", "/tasks", json=task)

    def update_task(self, task_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        return self.request("PUT", f"/tasks/{task_id}", json=changes)

    def delete_task(self, task_id: str) -> Any:
        return self.request("DELETE", f"/tasks/{task_id}")

    def get_population(self, task_id: str) -> dict[str, Any]:
        return self.request("GET", f"/tasks/{task_id}/population")

    # -- attempts -----------------------------------------------------------------------------

    def create_attempt(
        self, candidate_info: dict[str, Any], task_ids: list[str], expires_in_days: int = 7
    ) -> dict[str, Any]:
        body = {
            "candidate_info": candidate_info,
            "task_ids": task_ids,
            "expires_in_days": expires_in_days,
        }
        return self.request("POST", "/attempts", json=body)

    def list_attempts(
        self, page: int = 1, page_size: int = 20, status: str | None = None, search: str = ""
    ) -> dict[str, Any]:
        params = {"page": page, "page_size": page_size, **_present(status=status, search=search)}
        return self.request("GET", "/attempts", params=params)

    def get_attempt(self, attempt_id: str) -> dict[str, Any]:
        return self.request("GET", f"/attempts/{attempt_id}")

    def list_events(
        self, attempt_id: str, after_seq: int = 0, limit: int | None = None
    ) -> dict[str, Any]:
        params = _present(after_seq=after_seq, limit=limit)
        return self.request("GET", f"/attempts/{attempt_id}/events", params=params)

    # -- results ------------------------------------------------------------------------------

    def get_metrics(self, attempt_id: str) -> dict[str, Any]:
        return self.request("GET", f"/metrics/attempt/{attempt_id}")

    def get_skills(self, attempt_id: str, version: int | None = None) -> dict[str, Any]:
        params = _present(version=version)
        return self.request("GET", f"/skills/attempt/{attempt_id}", params=params)

    def generate_skills(self, attempt_id: str, *, force: bool = False) -> dict[str, Any]:
        """Request a new profile computation; the pipeline's sensor picks the request up."""
        body = {"force_recompute": force}
        return self.request("POST", f"/skills/attempt/{attempt_id}/generate", json=body)

    def dashboard_stats(self) -> dict[str, Any]:
        return self.request("GET", "/dashboard/stats")

    def dashboard_activity(self, limit: int = 20) -> dict[str, Any]:
        return self.request("GET", "/dashboard/activity", params={"limit": limit})


def _present(mapping: dict[str, Any] | None = None, **values: Any) -> dict[str, Any]:
    """Drop None and empty-string values so they are not sent as query parameters."""
    merged = {**(mapping or {}), **values}
    return {key: value for key, value in merged.items() if value is not None and value != ""}
