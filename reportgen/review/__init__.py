"""Reviewing drafts: what moved between two builds, and Word's tracked changes of it.

`untrusted` opens a .docx that may come from anywhere (`declared` bounds what its
parts say they hold: spans, rows, nesting, size), `outline` turns it into
sections, paragraphs and table cells, `compare` lines two drafts up and
`chardiff` marks the changed characters (Chinese has no spaces to split words
on). `scores` compares the scores.json beside the documents, `redline` asks
the optional Docxodus engine for a document with w:ins / w:del marks.
"""
