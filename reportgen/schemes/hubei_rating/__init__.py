"""The hubei_rating scheme."""
