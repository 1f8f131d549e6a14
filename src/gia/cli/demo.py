"""``gia demo``: the bundled example areas."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from gia import i18n
from gia.cli.common import EXAMPLES_DIR, Lang, app, console, errors
from gia.cli.submissions import assess_file, print_summary
from gia.dataset import SCHEMA_ID
from gia.documents import read_path
from gia.errors import GiaInputError
from gia.i18n import _


def _is_submission(path: Path) -> bool:
    try:
        data, _lines = read_path(path)
    except GiaInputError:
        return True  # let the assessment say what is wrong with it
    return isinstance(data, dict) and data.get("schema") == SCHEMA_ID


@app.command("demo")
def demo(
    directory: Annotated[Path, typer.Argument(help="Folder of example submissions.")] = EXAMPLES_DIR,
    lang: Lang = "en",
) -> None:
    """Assess the bundled example areas and print their summaries."""
    i18n.activate(lang)
    candidates = sorted(directory.glob("*.y*ml")) + sorted(directory.glob("*.json"))
    files = [p for p in candidates if _is_submission(p)]  # the folder also holds flows files
    if not files:
        errors.print(_("error: no example submissions in {directory}").format(directory=directory))
        raise typer.Exit(code=1)
    for file in files:
        print_summary(assess_file(file, None, lang), lang, gaps=3, flags=False)
        console.print()


if __name__ == "__main__":  # pragma: no cover
    app()
