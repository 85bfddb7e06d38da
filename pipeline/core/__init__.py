"""Shared vocabulary of the program: records schema, periods, sources, findings, Vietnamese wording, text normalisation, atomic files."""
