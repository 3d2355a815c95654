"""Documents uploaded on the web ("Add documents"): kept by their SHA-256 and ingested in the
background by the importer's own path (docs/accounts.md, "Adding documents")."""
