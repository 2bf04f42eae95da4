"""Rendering: the report model turned into Word (.docx), Excel and JSON files."""
