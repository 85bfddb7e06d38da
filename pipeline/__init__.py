"""khuyencong: spreadsheets of the industrial-extension programme -> formal reports."""

__version__ = "0.3.0"
