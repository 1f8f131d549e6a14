"""Layered settings: ``base`` (defaults), ``dev`` (SQLite, debug), ``production`` (environment), ``test``."""
