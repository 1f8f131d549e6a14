"""GIA: open certification platform for green industrial areas."""

__version__ = "0.1.0"
