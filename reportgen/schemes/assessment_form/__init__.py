"""The assessment_form scheme."""
