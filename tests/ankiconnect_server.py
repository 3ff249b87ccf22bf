"""An HTTP server speaking the AnkiConnect v6 protocol over a real ``anki`` collection, for tests.

It follows AnkiConnect's own implementation (FooSoft/anki-connect, plugin/__init__.py) where tangocho
depends on it:

- a request is ``{"action", "version", "params", "key"}``; a version-6 reply is ``{"result", "error"}``
  (version ≤ 4: the bare result); a wrong ``key`` is the error "valid api key must be provided";
- ``multi`` runs each action through the same handler and returns one reply per action, each in the
  format of that action's own ``version``;
- ``addNote`` refuses a note whose first field is empty or duplicates the first field of another note of
  the same note type anywhere in the collection (``duplicateScope: "deck"`` narrows that to the deck);
  ``addNotes`` returns ``null`` in place of each note it could not add;
- ``updateNoteFields`` sets only the fields it is given; ``notesInfo`` does not return the GUID;
- ``createModel`` takes ``modelName``, ``inOrderFields``, ``cardTemplates`` (``Name``/``Front``/``Back``),
  ``css`` and refuses an existing name.

Faults for tests: ``fail_after`` makes every action after that many succeeded return an error (a server
error midway), ``stop()`` closes the port (Anki quit).
"""

from __future__ import annotations

import base64
import fnmatch
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from anki.collection import Collection
from anki.notes import NoteFieldsCheckResult


class _Handler(BaseHTTPRequestHandler):
    server: AnkiConnectServer

    def do_POST(self):  # noqa: N802 - http.server's name
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        try:
            request = json.loads(body.decode("utf-8"))
            reply = self.server.app.handle(request)
        except ValueError:
            reply = {"result": None, "error": "failed to parse request"}
        data = json.dumps(reply).encode("utf-8")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):  # quiet
        pass


class AnkiConnectApp:
    """The actions, over an open collection (one request at a time, as Anki's main thread runs them)."""

    def __init__(self, col: Collection, key: str | None = None, fail_after: int | None = None):
        self.col = col
        self.key = key
        self.fail_after = fail_after
        self.succeeded = 0
        self.calls: list[str] = []  # action names, in order (multi's sub-actions too)
        self._lock = threading.Lock()

    # -- protocol --------------------------------------------------------------------------------------

    def handle(self, request: dict) -> Any:
        with self._lock:
            return self._handle(request)

    def _handle(self, request: dict) -> Any:
        name = request.get("action", "")
        version = request.get("version", 4)
        params = request.get("params", {}) or {}
        self.calls.append(name)
        try:
            if self.key is not None and request.get("key") != self.key:
                raise Exception("valid api key must be provided")
            method = getattr(self, "api_" + name, None)
            if method is None:
                raise Exception("unsupported action")
            if name != "multi":
                if self.fail_after is not None and self.succeeded >= self.fail_after:
                    raise Exception("collection is not available (injected fault)")
            result = method(**params)
            if name != "multi":
                self.succeeded += 1
            return result if version <= 4 else {"result": result, "error": None}
        except Exception as exc:  # AnkiConnect turns every exception into the error string
            return {"result": None, "error": str(exc)}

    # -- actions ---------------------------------------------------------------------------------------

    def api_version(self):
        return 6

    def api_multi(self, actions):
        return [self._handle(action) for action in actions]

    def api_deckNames(self):  # noqa: N802 - AnkiConnect's names
        return [d.name for d in self.col.decks.all_names_and_ids()]

    def api_createDeck(self, deck):  # noqa: N802
        return self.col.decks.id(deck)

    def api_modelNames(self):  # noqa: N802
        return [m.name for m in self.col.models.all_names_and_ids()]

    def api_modelFieldNames(self, modelName):  # noqa: N802, N803
        model = self.col.models.by_name(modelName)
        if model is None:
            raise Exception(f"model was not found: {modelName}")
        return [f["name"] for f in model["flds"]]

    def api_createModel(self, modelName, inOrderFields, cardTemplates, css=None, isCloze=False):  # noqa: N802, N803
        if not inOrderFields:
            raise Exception("Must provide at least one field for inOrderFields")
        if not cardTemplates:
            raise Exception("Must provide at least one card for cardTemplates")
        mm = self.col.models
        if modelName in [m.name for m in mm.all_names_and_ids()]:
            raise Exception("Model name already exists")
        model = mm.new(modelName)
        for name in inOrderFields:
            mm.add_field(model, mm.new_field(name))
        if css is not None:
            model["css"] = css
        for number, card in enumerate(cardTemplates, start=1):
            template = mm.new_template(card.get("Name", f"Card {number}"))
            template["qfmt"] = card["Front"]
            template["afmt"] = card["Back"]
            mm.add_template(model, template)
        mm.add(model)
        return self.col.models.by_name(modelName)

    def _new_note(self, note: dict):
        model = self.col.models.by_name(note["modelName"])
        if model is None:
            raise Exception(f"model was not found: {note['modelName']}")
        deck = self.col.decks.by_name(note["deckName"])
        if deck is None:
            raise Exception(f"deck was not found: {note['deckName']}")
        anki_note = self.col.new_note(model)
        anki_note.tags = list(note.get("tags", []))
        for name, value in note["fields"].items():
            for anki_name in anki_note.keys():
                if name.lower() == anki_name.lower():
                    anki_note[anki_name] = value
        options = note.get("options", {})
        state = anki_note.fields_check()
        if state == NoteFieldsCheckResult.EMPTY:
            raise Exception("cannot create note because it is empty")
        if state == NoteFieldsCheckResult.DUPLICATE and not options.get("allowDuplicate"):
            if options.get("duplicateScope") != "deck" or self._duplicate_in_deck(anki_note, deck["id"]):
                raise Exception("cannot create note because it is a duplicate")
        return anki_note, deck["id"]

    def _duplicate_in_deck(self, note, deck_id: int) -> bool:
        first = note.fields[0]
        for nid in self.col.find_notes(f"mid:{note.mid}"):
            other = self.col.get_note(nid)
            if other.fields[0] == first and deck_id in {c.did for c in other.cards()}:
                return True
        return False

    def api_addNote(self, note):  # noqa: N802
        anki_note, deck_id = self._new_note(note)
        self.col.add_note(anki_note, deck_id)
        if not anki_note.cards():
            raise Exception("The field values you have provided would make an empty question on all cards.")
        return anki_note.id

    def api_addNotes(self, notes):  # noqa: N802
        results = []
        for note in notes:
            try:
                results.append(self.api_addNote(note))
            except Exception:
                results.append(None)
        return results

    def api_canAddNotes(self, notes):  # noqa: N802
        results = []
        for note in notes:
            try:
                self._new_note(note)
                results.append(True)
            except Exception:
                results.append(False)
        return results

    def api_findNotes(self, query=None):  # noqa: N802
        return [] if query is None else [int(n) for n in self.col.find_notes(query)]

    def api_findCards(self, query=None):  # noqa: N802
        return [] if query is None else [int(c) for c in self.col.find_cards(query)]

    def _fields(self, note) -> dict:
        model = note.note_type()
        return {f["name"]: {"value": note.fields[f["ord"]], "order": f["ord"]} for f in model["flds"]}

    def api_notesInfo(self, notes):  # noqa: N802
        result = []
        for nid in notes:
            try:
                note = self.col.get_note(nid)
            except Exception:
                result.append({})
                continue
            result.append(
                {
                    "noteId": note.id,
                    "tags": list(note.tags),
                    "fields": self._fields(note),
                    "modelName": note.note_type()["name"],
                    "cards": [c.id for c in note.cards()],
                }
            )
        return result

    def api_cardsInfo(self, cards):  # noqa: N802
        result = []
        for cid in cards:
            try:
                card = self.col.get_card(cid)
            except Exception:
                result.append({})
                continue
            note = card.note()
            result.append(
                {
                    "cardId": card.id,
                    "fields": self._fields(note),
                    "modelName": note.note_type()["name"],
                    "ord": card.ord,
                    "deckName": self.col.decks.name(card.did),
                    "interval": card.ivl,
                    "note": card.nid,
                    "type": card.type,
                    "queue": card.queue,
                    "due": card.due,
                    "reps": card.reps,
                    "lapses": card.lapses,
                    "mod": card.mod,
                }
            )
        return result

    def api_updateNoteFields(self, note):  # noqa: N802
        anki_note = self.col.get_note(note["id"])
        for name, value in note["fields"].items():
            if name in anki_note:
                anki_note[name] = value
        self.col.update_note(anki_note)
        return None

    def api_updateNoteTags(self, note, tags):  # noqa: N802
        anki_note = self.col.get_note(note)
        anki_note.tags = [tags] if isinstance(tags, str) else list(tags)
        self.col.update_note(anki_note)
        return None

    def api_addTags(self, notes, tags, add=True):  # noqa: N802
        if add:
            self.col.tags.bulk_add(notes, tags)
        else:
            self.col.tags.bulk_remove(notes, tags)
        return None

    def api_removeTags(self, notes, tags):  # noqa: N802
        return self.api_addTags(notes, tags, add=False)

    def api_getMediaFilesNames(self, pattern="*"):  # noqa: N802
        folder = Path(self.col.media.dir())
        return sorted(p.name for p in folder.iterdir() if fnmatch.fnmatch(p.name, pattern))

    def api_storeMediaFile(self, filename, data=None, path=None, url=None, deleteExisting=True, **_):  # noqa: N802, N803
        if not data:
            raise Exception('You must provide a "data", "path", or "url" field.')
        return self.col.media.write_data(filename, base64.b64decode(data))


class AnkiConnectServer(ThreadingHTTPServer):
    """``with AnkiConnectServer(col) as server: server.url`` — on 127.0.0.1 and a free port."""

    daemon_threads = True

    def __init__(self, col: Collection, key: str | None = None, fail_after: int | None = None):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.app = AnkiConnectApp(col, key=key, fail_after=fail_after)
        self._thread = threading.Thread(
            target=self.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}"

    def start(self) -> AnkiConnectServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self.shutdown()
        self.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> AnkiConnectServer:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
