"""Hand the texts of one language to its translator, and bring the translations back.

    .venv/bin/python tools/translations.py export da     # build/translate/da/todo-01.json …
    .venv/bin/python tools/translations.py check da      # placeholders of build/translate/da/done-*.json
    .venv/bin/python tools/translations.py import da     # fill the catalogues and the YAML texts
    .venv/bin/python tools/translations.py status        # what each language still lacks

Three kinds of text are translated: the core's messages (``src/gia/locale/<lang>/LC_MESSAGES/gia.po``),
the web platform's (``src/gia/web/locale/<lang>/LC_MESSAGES/django.po``) and the texts of the data
files (the standard, the country profiles, crosswalks, measures, cases, load profiles), which hold
every language beside the English (``name: {en: …, pl: …}``). ``export`` writes what a language still
lacks as numbered entries, each with the English and, as a help, the Polish and German; the
translator writes ``done-NN.json`` beside each ``todo-NN.json`` mapping the number to the text (a
list of forms for a plural message). ``import`` checks every placeholder, fills only what is empty
(a reviewed translation is never overwritten), writes the files in their usual layout and compiles
the catalogues.
"""

from __future__ import annotations

import io
import json
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap
from ruamel.yaml.scalarstring import FoldedScalarString

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fill_messages import CATALOGUES, fill

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "build" / "translate"
LANGUAGES = ("en", "pl", "de", "da", "sv", "fi", "lt", "lv", "et")
DATA_FILES = sorted(
    [
        *(ROOT / "src/gia/standard").glob("**/*.yaml"),
        *(ROOT / "src/gia/toolbox/data").glob("*.yaml"),
        *(ROOT / "src/gia/accounting/data").glob("*.yaml"),
    ]
)
PLURALS = {
    "pl": "3 forms: n==1; n%10 in 2..4 and n%100 not in 12..14; others",
    "de": "2 forms: n==1; others",
    "da": "2 forms: n==1; others",
    "sv": "2 forms: n==1; others",
    "fi": "2 forms: n==1; others",
    "et": "2 forms: n==1; others",
    "lt": "3 forms: n%10==1 and n%100!=11; n%10>=2 and (n%100<10 or n%100>=20); others",
    "lv": "3 forms: n%10==1 and n%100!=11; n!=0; n==0",
}
CHUNK = 150
_PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdfr]|%[sdf]|\{[a-z_0-9]*(?:![rs])?(?::[^{}]*)?\}|<[^>]+>")


def _yaml() -> YAML:
    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap the texts already there
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _is_text(node: object) -> bool:
    return isinstance(node, dict) and isinstance(node.get("en"), str) and set(node) <= set(LANGUAGES)


def _texts(node: object, where: str):
    """Every multilingual text map below ``node`` with a readable place."""
    if _is_text(node):
        yield where, node
    elif isinstance(node, dict):
        label = node.get("id") if isinstance(node.get("id"), str) else None
        for key, value in node.items():
            yield from _texts(value, f"{where} {label} {key}".strip() if label else f"{where} {key}".strip())
    elif isinstance(node, list):
        for value in node:
            yield from _texts(value, where)


def _english(message) -> str | tuple[str, str]:
    return tuple(message.id) if isinstance(message.id, tuple) else message.id


def missing(language: str) -> list[dict]:
    """What ``language`` still lacks, one entry per distinct English text (and context)."""
    entries: dict[str, dict] = {}
    for pattern in CATALOGUES.values():
        path = Path(str(pattern).format(lang=language))
        reference = {
            other: _catalogue(Path(str(pattern).format(lang=other)), other) for other in ("pl", "de")
        }
        for message in _catalogue(path, language):
            if not message.id:
                continue
            string = message.string
            empty = not all(string) if isinstance(string, tuple) else not string
            if not (empty or message.fuzzy):
                continue
            key = _key(message)
            entry = entries.setdefault(key, {"key": key, "en": _english(message)})
            if message.context:
                entry["context"] = message.context
            if isinstance(message.id, tuple):
                entry["plural forms"] = PLURALS[language]
            for other, catalogue in reference.items():
                found = catalogue.get(
                    message.id[0] if isinstance(message.id, tuple) else message.id, context=message.context
                )
                if found is not None and found.string:
                    entry.setdefault(
                        other, list(found.string) if isinstance(found.string, tuple) else found.string
                    )
            if message.auto_comments:
                entry["note"] = " ".join(message.auto_comments)
    for path in DATA_FILES:
        data = _yaml().load(path.read_text(encoding="utf-8"))
        for where, text in _texts(data, ""):
            if text.get(language):
                continue
            key = text["en"]
            entry = entries.setdefault(key, {"key": key, "en": key})
            entry.setdefault("where", f"{path.relative_to(ROOT / 'src/gia')}: {where}")
            for other in ("pl", "de"):
                if text.get(other):
                    entry.setdefault(other, str(text[other]))
    return list(entries.values())


def _catalogue(path: Path, language: str):
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _key(message) -> str:
    msgid = message.id[0] if isinstance(message.id, tuple) else message.id
    return f"{message.context}\x04{msgid}" if message.context else msgid


def export(language: str) -> None:
    folder = OUT / language
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.glob("todo-*.json"):
        old.unlink()
    entries = missing(language)
    for start in range(0, len(entries), CHUNK):
        chunk = {}
        for number, entry in enumerate(entries[start : start + CHUNK], start=start + 1):
            entry = dict(entry)
            entry.pop("key")
            chunk[str(number)] = entry
        name = folder / f"todo-{start // CHUNK + 1:02d}.json"
        name.write_text(json.dumps(chunk, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{language}: {len(entries)} texts to translate in {folder.relative_to(ROOT)}/todo-*.json")


def _done(language: str) -> tuple[dict[str, str | list[str]], list[str]]:
    """The translations written for ``language``, keyed by the English text, and the problems found."""
    folder = OUT / language
    by_key: dict[str, str | list[str]] = {}
    problems: list[str] = []
    entries = {}
    for todo in sorted(folder.glob("todo-*.json")):
        for number, entry in json.loads(todo.read_text(encoding="utf-8")).items():
            entries[number] = {**entry, "key": _key_of(entry)}
    for done in sorted(folder.glob("done-*.json")):
        try:
            translated = json.loads(done.read_text(encoding="utf-8"))
        except json.JSONDecodeError as error:
            problems.append(f"{done.name}: not valid JSON ({error})")
            continue
        for number, text in translated.items():
            entry = entries.get(str(number))
            if entry is None:
                problems.append(f"{done.name} #{number}: no such entry in the todo files")
                continue
            problems.extend(f"{done.name} #{number}: {p}" for p in _check(entry, text, language))
            by_key[entry["key"]] = text
    return by_key, problems


def _key_of(entry: dict) -> str:
    english = entry["en"][0] if isinstance(entry["en"], list) else entry["en"]
    return f"{entry['context']}\x04{english}" if entry.get("context") else english


def _check(entry: dict, text: str | list[str], language: str) -> list[str]:
    english = entry["en"]
    plural = isinstance(english, (list, tuple))
    if plural != isinstance(text, list):
        return ["a plural message needs a list of forms" if plural else "write one text, not a list"]
    forms = text if isinstance(text, list) else [text]
    problems = []
    if plural:
        wanted = int(PLURALS[language][0])
        if len(forms) != wanted:
            problems.append(f"{wanted} plural forms expected, {len(forms)} given")
    sources = list(english) if plural else [english]
    expected = sorted(set(_PLACEHOLDER.findall(sources[-1])))
    for form in forms:
        if not form.strip():
            problems.append("empty translation")
        found = sorted(set(_PLACEHOLDER.findall(form)))
        # a plural form may leave the number out ("one file" for n == 1)
        if found != expected and not (plural and set(found) <= set(expected)):
            problems.append(f"placeholders {found} differ from the English {expected}")
        if form != form.strip() and sources[0] == sources[0].strip():
            problems.append("leading or trailing space the English has not")
        if sources[0].startswith(" ") and not form.startswith(" "):
            problems.append("the English starts with a space; keep it")
        if sources[0].endswith(" ") and not form.endswith(" "):
            problems.append("the English ends with a space; keep it")
    return problems


def check(language: str) -> int:
    by_key, problems = _done(language)
    for problem in problems:
        print(problem)
    left = len(missing(language)) - len(by_key)
    print(f"{language}: {len(by_key)} translated, {max(left, 0)} left, {len(problems)} problems")
    return 1 if problems else 0


def _fill_yaml(language: str, by_key: dict[str, str | list[str]]) -> int:
    written = 0
    for path in DATA_FILES:
        yaml = _yaml()
        source = path.read_text(encoding="utf-8")
        data = yaml.load(source)
        changed = False
        for _where, text in _texts(data, ""):
            if text.get(language) or not isinstance(by_key.get(text["en"]), str):
                continue
            value = by_key[text["en"]]
            english = text["en"]
            if isinstance(english, FoldedScalarString):  # long texts are ">-" blocks beside the English
                value = _folded(value)
            _insert_after_languages(text, language, value)
            changed = True
            written += 1
        if changed:
            out = io.StringIO()
            yaml.dump(data, out)
            path.write_text(out.getvalue(), encoding="utf-8")
    return written


def _folded(text: str, width: int = 92) -> FoldedScalarString:
    """A ``>-`` block broken at spaces into lines of at most ``width`` characters."""
    folded = FoldedScalarString(text)
    positions, line_start = [], 0
    for index, character in enumerate(text):
        if character == " " and index - line_start > width:
            previous = text.rfind(" ", line_start, index)
            cut = previous if previous > line_start else index
            positions.append(cut)
            line_start = cut + 1
    # a space followed by another space or at an end cannot be folded; leave such texts on one line
    folded.fold_pos = [
        p for p in positions if 0 < p < len(text) - 1 and text[p + 1] != " " and text[p - 1] != " "
    ]
    return folded


def _insert_after_languages(text: CommentedMap, language: str, value: object) -> None:
    order = LANGUAGES.index(language)
    position = sum(1 for key in text if key in LANGUAGES and LANGUAGES.index(key) < order)
    text.insert(position, language, value)


def import_(language: str) -> int:
    by_key, problems = _done(language)
    if problems:
        for problem in problems:
            print(problem)
        print(f"{language}: nothing imported; fix the {len(problems)} problems first")
        return 1
    fill({language: dict(by_key)})
    written = _fill_yaml(language, by_key)
    left = missing(language)
    print(
        f"{language}: {len(by_key)} translations imported ({written} data-file texts); {len(left)} still missing"
    )
    return 0


def status() -> None:
    for language in LANGUAGES[1:]:
        print(f"{language}: {len(missing(language))} texts missing")


def main() -> int:
    command, *rest = sys.argv[1:] or ["status"]
    if command == "status":
        status()
        return 0
    language = rest[0]
    if language not in LANGUAGES[1:]:
        raise SystemExit(f"unknown language {language!r}; one of {', '.join(LANGUAGES[1:])}")
    if command == "export":
        export(language)
        return 0
    if command == "check":
        return check(language)
    if command == "import":
        return import_(language)
    raise SystemExit(f"unknown command {command!r}: export, check, import or status")


if __name__ == "__main__":
    sys.exit(main())
