"""One module per page area; see core/i18n.py."""
