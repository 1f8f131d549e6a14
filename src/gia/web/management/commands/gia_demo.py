"""``python -m gia.web gia_demo``: load the example areas and demo users once, printing the passwords."""

from django.core.management.base import BaseCommand
from django.test import override_settings

from gia.web.demo import demo_loaded, load_demo


class Command(BaseCommand):
    help = "Load the example areas (submitted, assessed, certified where they earn a level) and a demo user per role."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if demo_loaded():
            self.stdout.write("Demo data is loaded already (the passwords were printed when it was loaded).")
            return
        # the demo walks the certification workflow; its notification e-mails are kept, not printed
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            users = load_demo()
        self.stdout.write(
            self.style.SUCCESS("Demo data loaded. Sign in at http://127.0.0.1:8000/accounts/login/ as:")
        )
        for user in users:
            self.stdout.write(f"  {user.username:<40} {user.password:<20} {user.role} {user.scope}")
        self.stdout.write("These passwords are shown only now.")
