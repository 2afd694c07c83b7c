"""Reading the exports UPT staff already have into the DuckDB store (never imports streamlit)."""
