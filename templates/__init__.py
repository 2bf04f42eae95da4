"""The shipped Word templates, installed as the package data of `reportgen.templates`.

They live at the top of the project (templates/docx/) so that they are opened
and edited in Word like any document; reportgen finds them through
importlib.resources (`reportgen.shipped`).
"""
