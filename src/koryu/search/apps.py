from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "koryu.search"
    verbose_name = "Search"

    def ready(self):
        # Keep the index current: the catalog announces changes, search listens.
        from koryu.search import signals  # noqa: F401
