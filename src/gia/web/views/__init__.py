"""Thin views: read the request, call one action or query, render."""
