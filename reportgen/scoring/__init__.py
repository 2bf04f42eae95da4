"""Scoring: rules applied to leaves, sums up the tree, grades, assessors, rankings."""
