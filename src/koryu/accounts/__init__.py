"""Accounts, roles and API tokens on Django's auth (docs/accounts.md)."""
