from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "koryu.catalog"
    verbose_name = "Catalog"
