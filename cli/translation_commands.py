"""Rendition and review commands (translate, renditions, review, note, copy, mt)."""

COMMANDS = []
