"""Koryu: a searchable, sourced knowledge base of international exchange between local governments."""

__version__ = "0.1.0"
