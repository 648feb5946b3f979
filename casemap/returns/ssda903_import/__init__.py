"""Bringing an SSDA903 return made by another system into Casemap (docs/returns-imports.md)."""
