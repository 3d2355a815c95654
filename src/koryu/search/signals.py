"""Index upkeep hooked to the catalog's change signal (filled in by the search module)."""
