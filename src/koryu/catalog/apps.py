from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "koryu.catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from koryu.catalog import changes, ties  # noqa: F401  (ties: the tie-counting signals)

        changes.connect()  # every write reaches the index and the caches (catalog/changes.py)
