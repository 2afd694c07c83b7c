"""The DuckDB store: where it lives, how processes share it (copy-on-write), its schema and migrations,
and the activity summaries kept beside the loaded tables. Never imports streamlit."""
