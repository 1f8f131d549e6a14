from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "gia.web"
    label = "gia"
    verbose_name = _("GIA certification platform")
    default_auto_field = "django.db.models.BigAutoField"
