"""One module per page area; see ui/i18n.py."""
