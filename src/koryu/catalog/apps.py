from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "koryu.catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        # checks: start-up errors for a missing gazetteer or dictionary; ties: the
        # tie-counting signals
        from koryu.catalog import changes, checks, history, ties  # noqa: F401

        history.track_proxies()
        changes.connect()  # every write reaches the index and the caches (catalog/changes.py)
