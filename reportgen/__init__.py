"""reportgen: scored Word documents for medical-insurance performance evaluations."""

__version__ = "0.1.0"
