"""Report data -> documents: markup (Jinja + Markdown), Word documents, appendix tables, charts, PDF."""
