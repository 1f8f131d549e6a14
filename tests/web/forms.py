"""Submit an HTML form as a browser does: the successful controls of the form and the button pressed.

Enough of the HTML rules for GIA's pages: text, date, hidden, number inputs by their value; checkboxes
and radios when checked; a select by its selected option (or its first); a textarea by its content
(the newline right after the start tag is not part of it); disabled controls left out.
"""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Forms(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict[str, Any]] = []
        self._form: dict[str, Any] | None = None
        self._select: dict[str, Any] | None = None
        self._option: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: (v if v is not None else "") for k, v in attrs}
        if tag == "form":
            self._form = {"attrs": a, "fields": [], "buttons": []}
            self.forms.append(self._form)
        if self._form is None:
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            if "disabled" in a or "name" not in a:
                return
            if kind in ("submit", "button", "image"):
                self._form["buttons"].append((a["name"], a.get("value", "")))
            elif kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((a["name"], a.get("value", "on")))
            elif kind != "file":
                self._form["fields"].append((a["name"], a.get("value", "")))
        elif tag == "button" and "name" in a:
            self._form["buttons"].append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select = {
                "name": a.get("name"),
                "disabled": "disabled" in a,
                "options": [],
                "selected": None,
            }
        elif tag == "option" and self._select is not None:
            self._option = {"value": a.get("value"), "text": "", "selected": "selected" in a}
            self._select["options"].append(self._option)
        elif tag == "textarea":
            self._textarea = {"name": a.get("name"), "disabled": "disabled" in a, "text": ""}

    def handle_data(self, data: str) -> None:
        if self._option is not None:
            self._option["text"] += data
        if self._textarea is not None:
            self._textarea["text"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            select, self._select = self._select, None
            if self._form is None or select["disabled"] or not select["name"] or not select["options"]:
                return
            chosen = next((o for o in select["options"] if o["selected"]), select["options"][0])
            value = chosen["value"] if chosen["value"] is not None else chosen["text"]
            self._form["fields"].append((select["name"], value))
        elif tag == "textarea" and self._textarea is not None:
            area, self._textarea = self._textarea, None
            if self._form is None or area["disabled"] or not area["name"]:
                return
            text = area["text"]
            if text.startswith("\r\n"):
                text = text[2:]
            elif text.startswith("\n"):
                text = text[1:]
            self._form["fields"].append((area["name"], text.replace("\n", "\r\n")))


def forms(html: str) -> list[dict[str, Any]]:
    parser = _Forms()
    parser.feed(html)
    return parser.forms


def submission(html: str, button: str, form_index: int | None = None) -> list[tuple[str, str]]:
    """The (name, value) pairs a browser posts when ``button`` (a button's name) is pressed."""
    found = forms(html)
    candidates = [f for f in found if any(name == button for name, _v in f["buttons"])]
    form = found[form_index] if form_index is not None else candidates[0]
    pressed = next((b for b in form["buttons"] if b[0] == button), (button, "1"))
    return [*form["fields"], pressed]
