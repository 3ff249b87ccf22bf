"""A small client for AnkiConnect (API version 6), the add-on through which programs talk to a running
Anki desktop (FooSoft/anki-connect; it listens on 127.0.0.1:8765 by default).

Every request is ``{"action", "version": 6, "params", "key"}`` and every reply ``{"result", "error"}``.
``multi`` runs many actions in one request and answers one reply per action; AnkiConnect drops the
connection on very large requests (about 4 MB or 500 notes, as anki-miner found), so ``batched`` splits
the work into requests under both limits.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .errors import AnkiConnectError, AnkiUnreachable

DEFAULT_URL = "http://127.0.0.1:8765"
API_VERSION = 6
MAX_ACTIONS = 500  # per multi request
MAX_BYTES = 4_000_000  # per request (JSON bytes)


@dataclass(frozen=True)
class Reply:
    """One action's answer inside a ``multi``: its result, or the error AnkiConnect gave."""

    result: Any
    error: str | None


class AnkiConnect:
    """``AnkiConnect(url, key).call("findNotes", query="Key:…")``; errors are ``AnkiConnectError``."""

    def __init__(self, url: str = DEFAULT_URL, key: str | None = None, timeout: float = 30.0):
        self.url = url
        self.key = key
        self.timeout = timeout

    def _request(self, action: str, params: dict) -> dict:
        payload = {"action": action, "version": API_VERSION, "params": params}
        if self.key:
            payload["key"] = self.key
        return payload

    def _post(self, payload: dict | list) -> Any:
        data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=data, headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
        except urllib.error.HTTPError as exc:
            raise AnkiConnectError(f"Anki at {self.url} answered HTTP {exc.code} ({exc.reason})") from exc
        except (urllib.error.URLError, ConnectionError, TimeoutError, OSError) as exc:
            raise AnkiUnreachable(
                f"cannot reach Anki at {self.url} — is Anki running with the AnkiConnect add-on?"
            ) from exc
        try:
            return json.loads(body.decode("utf-8"))
        except ValueError as exc:
            raise AnkiConnectError(f"{self.url} is not AnkiConnect (its answer is not JSON)") from exc

    def call(self, action: str, **params: Any) -> Any:
        """Run one action; its error (if any) raises ``AnkiConnectError`` naming the action."""
        reply = self._post(self._request(action, params))
        if not isinstance(reply, dict) or set(reply) != {"result", "error"}:
            raise AnkiConnectError(f"{self.url} is not AnkiConnect version {API_VERSION} (unexpected reply)")
        if reply["error"] is not None:
            raise AnkiConnectError(f"AnkiConnect {action}: {reply['error']}")
        return reply["result"]

    def call_batched(self, action: str, name: str, items: list) -> list:
        """One action over many items, ``MAX_ACTIONS`` at a time: ``call_batched("notesInfo", "notes",
        ids)`` — the answers in order."""
        out: list = []
        for start in range(0, len(items), MAX_ACTIONS):
            out.extend(self.call(action, **{name: items[start : start + MAX_ACTIONS]}))
        return out

    def version(self) -> int:
        """The add-on's API version; tangocho needs 6 or later."""
        version = self.call("version")
        if not isinstance(version, int) or version < API_VERSION:
            raise AnkiConnectError(
                f"AnkiConnect at {self.url} speaks API version {version}; tangocho needs {API_VERSION}: "
                "update the add-on"
            )
        return version

    def multi(self, actions: list[tuple[str, dict]]) -> list[Reply]:
        """Run actions in one request: one ``Reply`` per action, in order; an error stops nothing."""
        if not actions:
            return []
        replies = self.call("multi", actions=[self._request(name, params) for name, params in actions])
        if not isinstance(replies, list) or len(replies) != len(actions):
            raise AnkiConnectError(f"AnkiConnect multi: {len(actions)} actions sent, an odd answer came back")
        out = []
        for reply in replies:
            if isinstance(reply, dict) and set(reply) == {"result", "error"}:
                out.append(Reply(reply["result"], reply["error"]))
            else:  # an action sent without a version answers its bare result
                out.append(Reply(reply, None))
        return out


def batched(
    items: Iterable,
    actions_of: Callable[[Any], list[tuple[str, dict]]] | None = None,
    max_actions: int = MAX_ACTIONS,
    max_bytes: int = MAX_BYTES,
) -> Iterator[list]:
    """Split ``items`` into groups whose actions fit one request: at most ``max_actions`` actions and
    about ``max_bytes``. Items are actions themselves unless ``actions_of`` gives each item's actions (a
    note's update and its tags go in one request)."""
    group: list = []
    size = count = 0
    for item in items:
        actions = actions_of(item) if actions_of else [item]
        cost = sum(len(json.dumps(params, ensure_ascii=False).encode("utf-8")) + 64 for _, params in actions)
        if group and (count + len(actions) > max_actions or size + cost > max_bytes):
            yield group
            group, size, count = [], 0, 0
        group.append(item)
        size += cost
        count += len(actions)
    if group:
        yield group
