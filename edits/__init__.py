"""What people do in the dashboard (not what comes from files): mappings that settle quarantined rows,
the UPT's programme plan, drafts of the bimonthly report and lexicon edits. Never imports streamlit."""
