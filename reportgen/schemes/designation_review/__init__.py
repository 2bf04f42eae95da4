"""The designation_review scheme."""
