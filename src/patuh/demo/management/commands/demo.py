"""`patuh demo`: load the Belitung 2021 demo data, and print the demo logins."""

from django.core.management.base import BaseCommand, CommandError

from patuh.accounts.models import Role, User
from patuh.demo import pekppp_seed, seed
from patuh.demo.services import DemoError, database_is_empty, load_demo


class Command(BaseCommand):
    help = (
        "Load the demo data: the 2021 Ombudsman compliance survey of Kabupaten Belitung and"
        " Belitung Timur (18 agencies, 114 products, answers, scores and one account per role),"
        " and the province's performance evaluations (PEKPPP) since 2017."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Load only when the database holds no provider and no cycle; else do nothing.",
        )
        parser.add_argument(
            "--print-logins",
            action="store_true",
            help="Print the demo logins. On its own it loads nothing.",
        )

    def handle(self, *args, if_empty: bool, print_logins: bool, **options):
        if if_empty or not print_logins:
            self._load(if_empty=if_empty)
        if print_logins:
            self._print_logins()

    def _load(self, *, if_empty: bool) -> None:
        if if_empty and not database_is_empty():
            self.stdout.write(
                "Demo data not loaded: the database already holds providers or cycles."
            )
            return
        try:
            load_demo(progress=self.stdout.write)
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Demo data loaded: cycle {seed.CYCLE['code']}."))

    def _print_logins(self) -> None:
        accounts = (*seed.USERS, *pekppp_seed.USERS)
        usernames = [username for username, *_ in accounts]
        existing = set(
            User.objects.filter(username__in=usernames).values_list("username", flat=True)
        )
        if not existing:
            self.stdout.write("No demo logins in this database (load them with `patuh demo`).")
            return
        self.stdout.write(f"Demo logins for {seed.DEMO_URL} (demo accounts only):")
        self.stdout.write(f"  {'Username':<20}  {'Role':<22}  Password")
        for username, role, *_ in accounts:
            if username in existing:
                label = str(Role(role).label)
                self.stdout.write(f"  {username:<20}  {label:<22}  {seed.DEMO_PASSWORD}")
