from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "koryu.web"
    verbose_name = "Web"
