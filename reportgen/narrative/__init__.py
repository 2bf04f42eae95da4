"""Narrative: the report's sentences, numbering and tables as plain data.

Every sentence that carries a number is written here from the computed value,
so the report cannot disagree with itself. Nothing here knows about Word.
"""
