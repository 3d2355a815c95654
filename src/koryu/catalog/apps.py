from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "koryu.catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from koryu.catalog import history, ties  # noqa: F401  (ties: the tie-counting signals)

        history.track_proxies()
