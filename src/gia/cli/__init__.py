"""The ``gia`` command line: standard, validate, schema, assess, explain, timeseries, symbiosis, demo."""

from gia.cli import audit, certificates, demo, factors, standard, submissions, symbiosis, timeseries, toolbox  # noqa: F401  (registers the commands)
from gia.cli.common import app

__all__ = ["app"]

if __name__ == "__main__":  # pragma: no cover
    app()
