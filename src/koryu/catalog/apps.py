from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "koryu.catalog"
    verbose_name = "Catalog"

    def ready(self) -> None:
        from koryu.catalog import ties  # noqa: F401  (connects the tie-counting signals)
