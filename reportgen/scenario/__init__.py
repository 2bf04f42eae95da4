"""Scenarios: the YAML files a consultant writes, loaded and validated with their places."""
