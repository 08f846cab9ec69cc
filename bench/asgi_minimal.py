"""The smallest useful ASGI endpoint: read the request body, return a fixed JSON body.

It is the ceiling for request rate: uvicorn's HTTP handling with no framework, validation
or store behind it.
"""

from __future__ import annotations

from typing import Any

ANSWER = b'{"accepted":[],"rejected":[]}'
HEADERS = [(b"content-type", b"application/json"), (b"content-length", str(len(ANSWER)).encode())]


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    """Respond to every HTTP request with `ANSWER` after reading its whole body."""
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    more = True
    while more:
        message = await receive()
        more = message.get("more_body", False)
    await send({"type": "http.response.start", "status": 200, "headers": HEADERS})
    await send({"type": "http.response.body", "body": ANSWER})
