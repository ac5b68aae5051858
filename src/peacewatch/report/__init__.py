"""Stage 6, show: the brief in Markdown (`brief`) and as one HTML page (`brief_html`, `charts`), and the
`brief` job that ingests, assesses and writes them (`job`)."""

from .job import write_brief

__all__ = ["write_brief"]
